package io.kubetrace.sources.kube.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class KubeWatchSourceTest {

    private static final ClusterConnection PROD = ClusterConnection.ofUrl("prod", "http://prod/");

    @Test
    void watchesEachDefaultResourceOfEachCluster() {
        KubeWatchSource source =
                KubeWatchSource.builder()
                        .clusters(List.of(PROD, ClusterConnection.ofUrl("dev", "http://dev/")))
                        .resources(WatchedResource.defaults())
                        .build();

        assertThat(source.getBoundedness()).isEqualTo(Boundedness.CONTINUOUS_UNBOUNDED);
        assertThat(source.splits())
                .hasSize(30)
                .allMatch(split -> split.position().equals(WatchPosition.FRESH));
        assertThat(source.splits().get(0).splitId()).isEqualTo("prod:apps/v1/deployments");
        assertThat(source.splits().get(29).splitId()).isEqualTo("dev:v1/events");
        assertThat(WatchedResource.defaults()).allMatch(resource -> resource.knownKind() != null);
    }

    @Test
    void needsDistinctClustersAndResources() {
        WatchedResource pods = new WatchedResource("", "v1", "pods");
        assertThatThrownBy(() -> KubeWatchSource.builder().resources(List.of(pods)).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () ->
                                KubeWatchSource.builder()
                                        .clusters(List.of(PROD, PROD))
                                        .resources(List.of(pods))
                                        .build())
                .hasMessageContaining("prod");
        assertThatThrownBy(
                        () ->
                                KubeWatchSource.builder()
                                        .clusters(List.of(PROD))
                                        .resources(List.of(pods, pods))
                                        .build())
                .hasMessageContaining("v1/pods");
    }

    @Test
    void readsItsSettingsFromTheConfiguration() {
        Configuration config = new Configuration();
        config.set(KubeWatchOptions.PAGE_SIZE, 100);
        config.set(KubeWatchOptions.RECONNECT_MAX_BACKOFF, Duration.ofMinutes(1));

        assertThat(WatchSettings.from(config))
                .isEqualTo(new WatchSettings(100, Duration.ofMillis(500), Duration.ofMinutes(1)));
        config.set(KubeWatchOptions.RECONNECT_MAX_BACKOFF, Duration.ofMillis(100));
        assertThatThrownBy(() -> WatchSettings.from(config))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
