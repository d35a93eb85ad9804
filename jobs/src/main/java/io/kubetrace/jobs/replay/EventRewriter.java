package io.kubetrace.jobs.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubetrace.model.AuditRecord;
import io.kubetrace.model.KubeTime;
import io.kubetrace.sources.audit.RecordedAuditEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import java.util.function.LongFunction;

/**
 * Rewrites each recorded event for the round of a replay it is sent in. Asked to, it stamps each
 * event with the time it is due, as if the recorded cluster were doing it now: its request took as
 * long as recorded, and ended then. Otherwise each round after the first happens after the one
 * before. From the second round on, the events get audit IDs of their own, derived from the
 * recorded ones: the job traces an audit ID once, so repeated IDs would be dropped.
 */
public final class EventRewriter {

    /** Between the last time of one round and the first of the next, at the recorded times. */
    static final Duration ROUND_GAP = Duration.ofSeconds(1);

    private static final long MICROS = 1_000L;

    private final boolean stampedWhenDue;

    /** Added to every time of the current round at the recorded times, in whole microseconds. */
    private long roundOffsetNanos;

    private int round;
    private long earliestRecordedNanos = Long.MAX_VALUE;
    private long latestSentNanos = Long.MIN_VALUE;

    private EventRewriter(boolean stampedWhenDue) {
        this.stampedWhenDue = stampedWhenDue;
    }

    /** Keeps the recorded times. */
    public static EventRewriter recordedTimes() {
        return new EventRewriter(false);
    }

    /**
     * Moves the times of each event so that its {@code stageTimestamp} is the time it is due,
     * keeping how long before that its request was received.
     */
    public static EventRewriter stampedWhenDue() {
        return new EventRewriter(true);
    }

    /**
     * Starts the next round: at the recorded times, its times follow the latest of all rounds so
     * far.
     */
    public void nextRound() {
        round++;
        if (!stampedWhenDue && latestSentNanos != Long.MIN_VALUE) {
            roundOffsetNanos =
                    wholeMicros(latestSentNanos)
                            + ROUND_GAP.toNanos()
                            - wholeMicros(earliestRecordedNanos);
        }
    }

    /**
     * The event as the current round sends it: the recorded one when nothing is to change, else a
     * copy.
     *
     * @param dueEpochNanos when the event is due, in epoch nanoseconds
     */
    public ObjectNode rewrite(RecordedAuditEvent recorded, long dueEpochNanos) {
        ObjectNode event = (ObjectNode) recorded.event();
        AuditRecord record = recorded.parsed().record();
        long offsetNanos;
        if (stampedWhenDue) {
            // Whole microseconds, as kube-apiserver writes: never a stamp after the time due.
            offsetNanos = wholeMicros(dueEpochNanos) - wholeMicros(record.stageNanos());
        } else {
            offsetNanos = roundOffsetNanos;
            long earliest = Math.min(record.requestReceivedNanos(), record.stageNanos());
            long latest = Math.max(record.requestReceivedNanos(), record.stageNanos());
            earliestRecordedNanos = Math.min(earliestRecordedNanos, earliest);
            latestSentNanos = Math.max(latestSentNanos, latest + offsetNanos);
        }
        if (offsetNanos == 0 && round == 0) {
            return event;
        }
        ObjectNode rewritten = event.deepCopy();
        if (offsetNanos != 0) {
            // kube-apiserver writes these as MicroTime, the v1beta1 timestamp and the metadata
            // as Time, with whole seconds.
            shift(rewritten, "requestReceivedTimestamp", offsetNanos, KubeTime::formatMicros);
            shift(rewritten, "stageTimestamp", offsetNanos, KubeTime::formatMicros);
            shift(rewritten, "timestamp", offsetNanos, KubeTime::formatSeconds);
            JsonNode metadata = rewritten.get("metadata");
            if (metadata instanceof ObjectNode meta) {
                shift(meta, "creationTimestamp", offsetNanos, KubeTime::formatSeconds);
            }
        }
        if (round > 0) {
            rewritten.put("auditID", auditId(record.auditId(), round));
        }
        return rewritten;
    }

    /**
     * The audit ID of a recorded event in a later round: a name-based UUID of the recorded ID and
     * the round, so the same input always gets the same IDs.
     */
    static String auditId(String recorded, int round) {
        return UUID.nameUUIDFromBytes((recorded + "/" + round).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    private static void shift(
            ObjectNode node, String field, long offsetNanos, LongFunction<String> format) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            return;
        }
        try {
            node.put(field, format.apply(KubeTime.parseNanos(value.asText()) + offsetNanos));
        } catch (DateTimeParseException e) {
            // A time the parser never reads is left as recorded rather than guessed at.
        }
    }

    private static long wholeMicros(long nanos) {
        return Math.floorDiv(nanos, MICROS) * MICROS;
    }
}
