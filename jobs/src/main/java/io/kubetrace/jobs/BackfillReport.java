package io.kubetrace.jobs;

import io.kubetrace.operators.Tally;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;

/**
 * What a bounded job did: the counts its operators kept, and how long it took. The counts add up:
 * {@code read = rejected + filtered + deduplicated + traced}.
 */
public record BackfillReport(
        long read,
        long rejected,
        long filtered,
        long deduplicated,
        long traced,
        long late,
        long spans,
        long traces,
        long objectsRead,
        long objectsRejected,
        long eventsDeduplicated,
        long eventsTraced,
        int files,
        Duration duration) {

    public static BackfillReport of(JobExecutionResult result, int files) {
        return new BackfillReport(
                count(result, Tally.READ),
                count(result, Tally.REJECTED),
                count(result, Tally.FILTERED),
                count(result, Tally.DEDUPLICATED),
                count(result, Tally.TRACED),
                count(result, Tally.LATE),
                count(result, Tally.SPANS),
                count(result, Tally.TRACES),
                count(result, Tally.OBJECTS_READ),
                count(result, Tally.OBJECTS_REJECTED),
                count(result, Tally.EVENTS_DEDUPLICATED),
                count(result, Tally.EVENTS_TRACED),
                files,
                Duration.ofMillis(result.getNetRuntime()));
    }

    private static long count(JobExecutionResult result, String name) {
        Object value = result.getAccumulatorResult(name);
        return value == null ? 0 : ((Number) value).longValue();
    }

    /** Audit events, objects and Kubernetes Events read per second of job run time. */
    public double eventsPerSecond() {
        return duration.isZero() ? 0 : (read + objectsRead) * 1000.0 / duration.toMillis();
    }

    /** The report as the {@code --report} JSON object. */
    public Map<String, Object> asJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("files", files);
        json.put("read", read);
        json.put("rejected", rejected);
        json.put("filtered", filtered);
        json.put("deduplicated", deduplicated);
        json.put("traced", traced);
        json.put("late", late);
        json.put("spans", spans);
        json.put("traces", traces);
        json.put("objects_read", objectsRead);
        json.put("objects_rejected", objectsRejected);
        json.put("events_deduplicated", eventsDeduplicated);
        json.put("events_traced", eventsTraced);
        json.put("seconds", duration.toMillis() / 1000.0);
        json.put("events_per_second", Math.round(eventsPerSecond()));
        return json;
    }

    /** The one line a person reads at the end of a backfill. */
    public String summary() {
        List<String> parts = new ArrayList<>();
        if (read > 0 || objectsRead == 0) {
            parts.add(
                    String.format(
                            "%d audit events: %d rejected, %d filtered, %d deduplicated, %d traced"
                                    + " (%d late)",
                            read, rejected, filtered, deduplicated, traced, late));
        }
        if (objectsRead > 0) {
            parts.add(
                    String.format(
                            "%d objects and Events: %d rejected, %d Events traced, %d Events"
                                    + " deduplicated",
                            objectsRead, objectsRejected, eventsTraced, eventsDeduplicated));
        }
        return String.format(
                "read %s from %d %s -> %d spans in %d %s, %.1f s, %.0f records/s",
                String.join("; ", parts),
                files,
                files == 1 ? "file" : "files",
                spans,
                traces,
                traces == 1 ? "trace" : "traces",
                duration.toMillis() / 1000.0,
                eventsPerSecond());
    }
}
