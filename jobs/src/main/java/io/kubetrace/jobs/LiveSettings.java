package io.kubetrace.jobs;

import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;

/** The watermarks of the live job, read once from {@link LiveOptions}. */
public record LiveSettings(Duration maxOutOfOrderness, Duration maxLag) implements Serializable {

    public LiveSettings {
        if (maxOutOfOrderness.isNegative() || maxLag.isNegative()) {
            throw new IllegalArgumentException(
                    "watermark.max-out-of-orderness and watermark.max-lag must not be negative");
        }
    }

    public static LiveSettings from(ReadableConfig config) {
        return new LiveSettings(
                config.get(LiveOptions.MAX_OUT_OF_ORDERNESS), config.get(LiveOptions.MAX_LAG));
    }

    public static LiveSettings defaults() {
        return from(new Configuration());
    }
}
