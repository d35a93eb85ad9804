package io.kubetrace.jobs;

import io.kubetrace.operators.DiffSettings;
import io.kubetrace.operators.FilterSettings;
import io.kubetrace.operators.LinkSettings;
import io.kubetrace.operators.OperatorOptions;
import io.kubetrace.operators.TraceSettings;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Everything the tracing pipeline's operators are configured with, read once from the job's
 * configuration.
 */
public record PipelineSettings(
        FilterSettings filter,
        Duration dedupTtl,
        DiffSettings diff,
        Duration eventMaxAge,
        LinkSettings link,
        TraceSettings trace)
        implements Serializable {

    /**
     * @throws IllegalArgumentException when an event waiting for its parent could outlive the
     *     window it belongs to ({@code link.grace} must be shorter than {@code trace.lateness})
     */
    public PipelineSettings {
        if (link.grace().compareTo(trace.lateness()) >= 0) {
            throw new IllegalArgumentException(
                    "link.grace ("
                            + link.grace()
                            + ") must be shorter than trace.lateness ("
                            + trace.lateness()
                            + "): a change waiting for its parent would arrive after its window"
                            + " closed");
        }
    }

    public static PipelineSettings from(ReadableConfig config) {
        return new PipelineSettings(
                FilterSettings.from(config),
                config.get(OperatorOptions.DEDUP_TTL),
                DiffSettings.from(config),
                config.get(OperatorOptions.EVENT_MAX_AGE),
                LinkSettings.from(config),
                TraceSettings.from(config));
    }

    public static PipelineSettings defaults() {
        return from(new Configuration());
    }
}
