package io.kubetrace.operators;

import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;

/**
 * How object versions become diffs and meet their changes (see {@link OperatorOptions}).
 *
 * @param joinTimeout how long a change and a diff wait for each other
 * @param maxBytes the longest diff text or snapshot
 * @param redactRegex objects whose values must not show, or {@code ""}
 * @param idleTtl how long an object's last version is kept without news
 */
public record DiffSettings(Duration joinTimeout, int maxBytes, String redactRegex, Duration idleTtl)
        implements Serializable {

    public static DiffSettings from(ReadableConfig config) {
        return new DiffSettings(
                config.get(OperatorOptions.DIFF_JOIN_TIMEOUT),
                (int) config.get(OperatorOptions.DIFF_MAX_SIZE).getBytes(),
                config.get(OperatorOptions.DIFF_REDACT_REGEX),
                config.get(OperatorOptions.DIFF_IDLE_TTL));
    }

    public static DiffSettings defaults() {
        return from(new Configuration());
    }
}
