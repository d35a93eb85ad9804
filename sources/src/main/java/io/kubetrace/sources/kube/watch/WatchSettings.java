package io.kubetrace.sources.kube.watch;

import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;

/** How the watch source lists and retries, read once from {@link KubeWatchOptions}. */
public record WatchSettings(int pageSize, Duration initialBackoff, Duration maxBackoff)
        implements Serializable {

    public WatchSettings {
        if (pageSize < 1) {
            throw new IllegalArgumentException("watch.page-size must be at least 1: " + pageSize);
        }
        if (initialBackoff.isNegative()
                || initialBackoff.isZero()
                || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(
                    "the watch backoff must be positive and its maximum at least its start: "
                            + initialBackoff
                            + ", "
                            + maxBackoff);
        }
    }

    public static WatchSettings from(ReadableConfig config) {
        return new WatchSettings(
                config.get(KubeWatchOptions.PAGE_SIZE),
                config.get(KubeWatchOptions.RECONNECT_INITIAL_BACKOFF),
                config.get(KubeWatchOptions.RECONNECT_MAX_BACKOFF));
    }

    public static WatchSettings defaults() {
        return from(new Configuration());
    }
}
