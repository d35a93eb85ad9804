package io.kubetrace.jobs.replay;

import java.util.Arrays;
import java.util.Locale;

/**
 * What a replay has done so far: events stored, batches, tries again, unusable input, round trips.
 */
public final class ReplayStatistics {

    private long events;
    private long batches;
    private long retries;
    private long rejected;
    private long[] roundTrips = new long[64];
    private int answers;

    /** The webhook stored a batch of this many events. */
    void stored(int batchEvents) {
        events += batchEvents;
        batches++;
    }

    /** A request got an answer, whatever it said, after this long. */
    void answered(long roundTripNanos) {
        if (answers == roundTrips.length) {
            roundTrips = Arrays.copyOf(roundTrips, answers * 2);
        }
        roundTrips[answers++] = roundTripNanos;
    }

    /** A batch is sent again. */
    void retried() {
        retries++;
    }

    /** A part of the input was no usable audit event, and was not sent. */
    void rejected() {
        rejected++;
    }

    boolean storedAny() {
        return events > 0;
    }

    public long rejectedInput() {
        return rejected;
    }

    /** One line on the way: how far the replay is. */
    public String progress(long elapsedNanos) {
        return "sent "
                + counted(events, "event", "events")
                + " in "
                + counted(batches, "batch", "batches")
                + " ("
                + counted(retries, "retry", "retries")
                + ") in "
                + seconds(elapsedNanos)
                + " s: "
                + rate(elapsedNanos)
                + " events/s";
    }

    /** The closing line of a replay. */
    public String summary(long elapsedNanos) {
        return progress(elapsedNanos)
                + "; round trip p50 "
                + millis(percentile(50))
                + " ms, p99 "
                + millis(percentile(99))
                + " ms; "
                + rejected
                + " rejected";
    }

    /**
     * The round trip that {@code percent}% of the answers took at most (nearest rank); 0 when there
     * was none.
     */
    long percentile(int percent) {
        if (answers == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(roundTrips, answers);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percent / 100.0 * answers);
        return sorted[Math.max(0, rank - 1)];
    }

    private static String counted(long count, String one, String many) {
        return count + " " + (count == 1 ? one : many);
    }

    private String rate(long elapsedNanos) {
        double perSecond = elapsedNanos <= 0 ? 0 : events * 1e9 / elapsedNanos;
        return String.format(Locale.ROOT, "%.0f", perSecond);
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e9);
    }
}
