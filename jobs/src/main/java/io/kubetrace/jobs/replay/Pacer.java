package io.kubetrace.jobs.replay;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;

/**
 * When each event of a replay is due, counted from its start: all at once, at a steady rate, or in
 * real time, as recorded with long pauses shortened. The schedule is fixed from the start, so a
 * replay held up by a slow webhook catches up with fuller batches, as kube-apiserver's buffer does,
 * rather than falling behind for good.
 */
public final class Pacer {

    private static final double NANOS_PER_SECOND = 1e9;

    /** 0 when not at a steady rate. */
    private final double eventsPerSecond;

    /** The longest pause in real time; negative when not in real time. */
    private final long maxGapNanos;

    private Pacer(double eventsPerSecond, long maxGapNanos) {
        this.eventsPerSecond = eventsPerSecond;
        this.maxGapNanos = maxGapNanos;
    }

    /** Every event is due at once: the replay goes as fast as the webhook answers. */
    public static Pacer unpaced() {
        return new Pacer(0, -1);
    }

    /**
     * @throws IllegalArgumentException when the rate is not a positive number
     */
    public static Pacer perSecond(double eventsPerSecond) {
        if (!(eventsPerSecond > 0) || Double.isInfinite(eventsPerSecond)) {
            throw new IllegalArgumentException(
                    "the rate must be a positive number of events per second, not "
                            + eventsPerSecond);
        }
        return new Pacer(eventsPerSecond, -1);
    }

    /**
     * Each event is due the recorded time after the newest recorded before it, but at most {@code
     * maxGap} after: a capture with months between its parts plays in seconds. An event recorded
     * before the newest before it is due with the one before it. A round after the first starts
     * {@code maxGap} after the last event of the one before.
     *
     * @throws IllegalArgumentException when {@code maxGap} is negative
     */
    public static Pacer realTime(Duration maxGap) {
        if (maxGap.isNegative()) {
            throw new IllegalArgumentException("the longest pause cannot be negative: " + maxGap);
        }
        return new Pacer(0, maxGap.toNanos());
    }

    /** Whether events are due over time, at a rate or in real time, rather than all at once. */
    public boolean timed() {
        return eventsPerSecond > 0 || maxGapNanos >= 0;
    }

    /**
     * How a paced replay goes, told before it starts, such as {@code at 10 events/s over 3.9s}.
     *
     * @param durationNanos when its last event is due
     */
    public String describe(long durationNanos) {
        String over = " over " + duration(durationNanos);
        if (eventsPerSecond > 0) {
            return "at "
                    + BigDecimal.valueOf(eventsPerSecond).stripTrailingZeros().toPlainString()
                    + " events/s"
                    + over;
        }
        return "in real time"
                + over
                + " (pauses over "
                + BigDecimal.valueOf(maxGapNanos, 9).stripTrailingZeros().toPlainString()
                + "s shortened)";
    }

    /** A schedule from its first event. */
    public Schedule schedule() {
        return new Schedule();
    }

    /** The due times of one replay's events, asked for in the order they are sent. */
    public final class Schedule {

        private long index;
        private long lastDueNanos;
        private boolean roundStarted;

        /** The newest recorded time of the round so far. */
        private long lastRecordedNanos;

        private Schedule() {}

        /**
         * Nanoseconds after the start at which the next event is due.
         *
         * @param recordedNanos the event's recorded {@code stageTimestamp}, in epoch nanoseconds
         */
        public long dueNanos(long recordedNanos) {
            long due;
            if (eventsPerSecond > 0) {
                due = Math.round(index * NANOS_PER_SECOND / eventsPerSecond);
            } else if (maxGapNanos < 0 || index == 0) {
                due = 0;
            } else if (!roundStarted) {
                due = lastDueNanos + maxGapNanos;
            } else {
                long gap = recordedNanos - lastRecordedNanos;
                due = lastDueNanos + Math.max(0, Math.min(gap, maxGapNanos));
            }
            index++;
            lastDueNanos = due;
            // From the newest time so far: an event recorded out of order is no new start.
            lastRecordedNanos =
                    roundStarted ? Math.max(lastRecordedNanos, recordedNanos) : recordedNanos;
            roundStarted = true;
            return due;
        }

        /** The next event starts a new round of the logs. */
        public void nextRound() {
            roundStarted = false;
        }
    }

    /** Whole minutes and seconds, or seconds to a tenth under a minute. */
    private static String duration(long nanos) {
        Duration duration = Duration.ofNanos(nanos);
        if (duration.toMinutes() == 0) {
            return String.format(Locale.ROOT, "%.1fs", nanos / NANOS_PER_SECOND);
        }
        Duration rounded = Duration.ofSeconds(Math.round(nanos / NANOS_PER_SECOND));
        return (rounded.toHours() > 0 ? rounded.toHours() + "h" : "")
                + rounded.toMinutesPart()
                + "m"
                + rounded.toSecondsPart()
                + "s";
    }
}
