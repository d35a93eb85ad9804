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
import java.util.function.LongSupplier;

/**
 * Rewrites each recorded event for the round of a replay it is sent in. Asked to, it moves the
 * times so that the first event happened now, keeping the spacing of all the others. Each round
 * after the first happens after the one before, and its events get audit IDs of their own, derived
 * from the recorded ones: the job traces an audit ID once, so repeated IDs would be dropped.
 */
public final class EventRewriter {

    /** Between the last time of one round and the first of the next. */
    static final Duration ROUND_GAP = Duration.ofSeconds(1);

    private static final long MICROS = 1_000L;

    private final LongSupplier nowNanos;

    /** Added to every time of the current round, in whole microseconds. */
    private long offsetNanos;

    private boolean started;
    private int round;
    private long earliestRecordedNanos = Long.MAX_VALUE;
    private long latestSentNanos = Long.MIN_VALUE;

    private EventRewriter(LongSupplier nowNanos) {
        this.nowNanos = nowNanos;
    }

    /** Keeps the recorded times. */
    public static EventRewriter recordedTimes() {
        return new EventRewriter(null);
    }

    /**
     * Moves the times so the first event's {@code stageTimestamp} is the time it is rewritten.
     *
     * @param nowNanos the wall clock, in epoch nanoseconds
     */
    public static EventRewriter startingNow(LongSupplier nowNanos) {
        return new EventRewriter(nowNanos);
    }

    /** Starts the next round: its times follow the latest of all rounds so far. */
    public void nextRound() {
        round++;
        if (started) {
            offsetNanos =
                    wholeMicros(latestSentNanos)
                            + ROUND_GAP.toNanos()
                            - wholeMicros(earliestRecordedNanos);
        }
    }

    /**
     * The event as the current round sends it: the recorded one when nothing is to change, else a
     * copy.
     */
    public ObjectNode rewrite(RecordedAuditEvent recorded) {
        ObjectNode event = (ObjectNode) recorded.event();
        AuditRecord record = recorded.parsed().record();
        if (!started) {
            started = true;
            if (nowNanos != null) {
                offsetNanos = wholeMicros(nowNanos.getAsLong()) - wholeMicros(record.stageNanos());
            }
        }
        long earliest = Math.min(record.requestReceivedNanos(), record.stageNanos());
        long latest = Math.max(record.requestReceivedNanos(), record.stageNanos());
        earliestRecordedNanos = Math.min(earliestRecordedNanos, earliest);
        latestSentNanos = Math.max(latestSentNanos, latest + offsetNanos);
        if (offsetNanos == 0 && round == 0) {
            return event;
        }
        ObjectNode rewritten = event.deepCopy();
        if (offsetNanos != 0) {
            // kube-apiserver writes these as MicroTime, the v1beta1 timestamp and the metadata
            // as Time, with whole seconds.
            shift(rewritten, "requestReceivedTimestamp", KubeTime::formatMicros);
            shift(rewritten, "stageTimestamp", KubeTime::formatMicros);
            shift(rewritten, "timestamp", KubeTime::formatSeconds);
            JsonNode metadata = rewritten.get("metadata");
            if (metadata instanceof ObjectNode meta) {
                shift(meta, "creationTimestamp", KubeTime::formatSeconds);
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

    private void shift(ObjectNode node, String field, LongFunction<String> format) {
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
