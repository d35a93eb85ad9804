package io.kubetrace.sources.kube.watch;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Settings of the Kubernetes list+watch source, with their defaults. */
public final class KubeWatchOptions {

    public static final ConfigOption<Integer> PAGE_SIZE =
            ConfigOptions.key("watch.page-size")
                    .intType()
                    .defaultValue(500)
                    .withDescription(
                            "Objects per page of a list (limit): a large resource is listed a"
                                    + " page at a time instead of in one response.");

    public static final ConfigOption<Duration> RECONNECT_INITIAL_BACKOFF =
            ConfigOptions.key("watch.reconnect.initial-backoff")
                    .durationType()
                    .defaultValue(Duration.ofMillis(500))
                    .withDescription(
                            "Wait before the first retry of a failed list or a closed watch; it"
                                    + " doubles with each failure in a row, with jitter.");

    public static final ConfigOption<Duration> RECONNECT_MAX_BACKOFF =
            ConfigOptions.key("watch.reconnect.max-backoff")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription("Longest wait between retries of a list or a watch.");

    private KubeWatchOptions() {}
}
