package io.kubetrace.sources.kube.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.kubetrace.model.ParsedObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class KubeWatchSourceITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final WatchedResource PODS = new WatchedResource("", "v1", "pods");
    private static final WatchedResource EVENTS = new WatchedResource("", "v1", "events");

    @BeforeEach
    void clearSink() {
        TestingQueueSink.clear();
    }

    @Test
    @Timeout(60)
    void listsAndWatchesInAJobThatCheckpoints() throws Exception {
        try (TestingApiServer api = new TestingApiServer()) {
            createPod(api, "web-1");
            createEvent(api);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            // Checkpoints write the readers' and the enumerator's state through the serializers.
            env.enableCheckpointing(100);
            JobClient job = start(env, api, List.of(PODS, EVENTS));

            // Listed, then sent again by the CRUD mock as each watch starts.
            List<String> seen = describe(TestingQueueSink.take(4, TIMEOUT));
            createPod(api, "web-2");
            seen.addAll(describe(TestingQueueSink.take(1, TIMEOUT)));
            job.cancel().get();

            assertThat(seen)
                    .containsExactlyInAnyOrder(
                            "LISTED web-1 1",
                            "ADDED web-1 1",
                            "Event Pulled web-1",
                            "Event Pulled web-1",
                            "ADDED web-2 3");
        }
    }

    @Test
    @Timeout(60)
    void aJobRestoredFromASavepointWatchesOnWithoutListing(@TempDir Path savepoints)
            throws Exception {
        try (TestingApiServer api = new TestingApiServer()) {
            createPod(api, "web-1");
            JobClient first =
                    start(StreamExecutionEnvironment.getExecutionEnvironment(), api, List.of(PODS));
            assertThat(describe(TestingQueueSink.take(2, TIMEOUT)))
                    .containsExactly("LISTED web-1 1", "ADDED web-1 1");
            String savepoint =
                    first.stopWithSavepoint(
                                    false,
                                    savepoints.toUri().toString(),
                                    SavepointFormatType.CANONICAL)
                            .get();
            api.requestedPaths();
            // While the job was stopped, web-1 changed.
            api.expect()
                    .get()
                    .withPath("/api/v1/pods?allowWatchBookmarks=true&resourceVersion=1&watch=true")
                    .andUpgradeToWebSocket()
                    .open(new WatchEvent(pod("web-1", "2"), "MODIFIED"))
                    .expect("nothing")
                    .andEmit("so the watch stays open")
                    .once()
                    .done()
                    .once();

            Configuration restore = new Configuration();
            restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
            JobClient second =
                    start(
                            StreamExecutionEnvironment.getExecutionEnvironment(restore),
                            api,
                            List.of(PODS));
            List<String> resumed = describe(TestingQueueSink.take(1, TIMEOUT));
            resumed.addAll(describe(TestingQueueSink.drainFor(Duration.ofMillis(500))));
            second.cancel().get();

            assertThat(resumed).containsExactly("MODIFIED web-1 2");
            assertThat(api.requestedPaths())
                    .containsExactly(
                            "/api/v1/pods?allowWatchBookmarks=true&resourceVersion=1&watch=true");
        }
    }

    private static JobClient start(
            StreamExecutionEnvironment env, TestingApiServer api, List<WatchedResource> resources)
            throws Exception {
        KubeWatchSource source =
                KubeWatchSource.builder()
                        .clusters(List.of(api.cluster("prod")))
                        .resources(resources)
                        .build();
        env.fromSource(
                        source,
                        WatermarkStrategy.forBoundedOutOfOrderness(Duration.ofSeconds(5)),
                        "kube-watch")
                .uid("kube-watch")
                .sinkTo(new TestingQueueSink())
                .uid("records");
        return env.executeAsync("kube-watch");
    }

    private static List<String> describe(List<ParsedObject> records) {
        return new java.util.ArrayList<>(
                records.stream()
                        .map(
                                record ->
                                        record.version() != null
                                                ? record.version().change()
                                                        + " "
                                                        + record.version().object().name()
                                                        + " "
                                                        + record.version().resourceVersion()
                                                : "Event "
                                                        + record.event().reason()
                                                        + " "
                                                        + record.event().regarding().name())
                        .toList());
    }

    private static void createPod(TestingApiServer api, String name) {
        api.client().pods().inNamespace("default").resource(pod(name, null)).create();
    }

    private static Pod pod(String name, String resourceVersion) {
        return new PodBuilder()
                .withApiVersion("v1")
                .withKind("Pod")
                .withNewMetadata()
                .withName(name)
                .withNamespace("default")
                .withResourceVersion(resourceVersion)
                .endMetadata()
                .build();
    }

    private static void createEvent(TestingApiServer api) {
        api.client()
                .v1()
                .events()
                .inNamespace("default")
                .resource(
                        new EventBuilder()
                                .withNewMetadata()
                                .withName("web-1.17a")
                                .withNamespace("default")
                                .endMetadata()
                                .withNewInvolvedObject()
                                .withApiVersion("v1")
                                .withKind("Pod")
                                .withNamespace("default")
                                .withName("web-1")
                                .endInvolvedObject()
                                .withReason("Pulled")
                                .withType("Normal")
                                .withLastTimestamp("2026-01-02T03:04:05Z")
                                .build())
                .create();
    }
}
