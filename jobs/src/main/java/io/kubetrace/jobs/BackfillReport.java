package io.kubetrace.jobs;

import io.kubetrace.operators.Tally;
import java.time.Duration;
import java.util.LinkedHashMap;
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
                files,
                Duration.ofMillis(result.getNetRuntime()));
    }

    private static long count(JobExecutionResult result, String name) {
        Object value = result.getAccumulatorResult(name);
        return value == null ? 0 : ((Number) value).longValue();
    }

    /** Events read per second of job run time. */
    public double eventsPerSecond() {
        return duration.isZero() ? 0 : read * 1000.0 / duration.toMillis();
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
        json.put("seconds", duration.toMillis() / 1000.0);
        json.put("events_per_second", Math.round(eventsPerSecond()));
        return json;
    }

    /** The one line a person reads at the end of a backfill. */
    public String summary() {
        return String.format(
                "read %d events from %d files: %d rejected, %d filtered, %d deduplicated, %d"
                        + " traced (%d late) -> %d spans in %d traces, %.1f s, %.0f events/s",
                read,
                files,
                rejected,
                filtered,
                deduplicated,
                traced,
                late,
                spans,
                traces,
                duration.toMillis() / 1000.0,
                eventsPerSecond());
    }
}
