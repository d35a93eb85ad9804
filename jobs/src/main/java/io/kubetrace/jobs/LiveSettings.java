package io.kubetrace.jobs;

import io.kubetrace.sources.audit.AuditSourceOptions;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;

/**
 * The watermarks of the live job, read once from {@link LiveOptions}.
 *
 * @param maxOutOfOrderness how far the watches' watermarks trail their newest time
 * @param maxLag the most any watermark lags the wall clock (once an audit split caught up)
 * @param auditMaxOutOfOrderness how far the audit sources' watermarks trail their newest event
 * @param idleness how long an audit split that has not caught up may send nothing before it is idle
 */
public record LiveSettings(
        Duration maxOutOfOrderness,
        Duration maxLag,
        Duration auditMaxOutOfOrderness,
        Duration idleness)
        implements Serializable {

    public LiveSettings {
        if (maxOutOfOrderness.isNegative()
                || maxLag.isNegative()
                || auditMaxOutOfOrderness.isNegative()) {
            throw new IllegalArgumentException(
                    "watermark.max-out-of-orderness, watermark.max-lag and"
                            + " audit.max-out-of-orderness must not be negative");
        }
        if (idleness.isNegative() || idleness.isZero()) {
            throw new IllegalArgumentException("watermark.idleness must be positive: " + idleness);
        }
    }

    public static LiveSettings from(ReadableConfig config) {
        return new LiveSettings(
                config.get(LiveOptions.MAX_OUT_OF_ORDERNESS),
                config.get(LiveOptions.MAX_LAG),
                config.get(AuditSourceOptions.MAX_OUT_OF_ORDERNESS),
                config.get(LiveOptions.IDLENESS));
    }

    public static LiveSettings defaults() {
        return from(new Configuration());
    }
}
