package io.kubetrace.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.kubetrace.model.SpanKind;
import io.kubetrace.model.SpanRecord;
import io.kubetrace.sinks.RejectionLogSink;
import io.kubetrace.sources.kube.watch.ClusterConnection;
import io.kubetrace.sources.kube.watch.KubeWatchSource;
import io.kubetrace.sources.kube.watch.WatchSettings;
import io.kubetrace.sources.kube.watch.WatchedResource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live job over a Kubernetes API (fabric8's mock server in CRUD mode), stopped with a savepoint
 * while it watches and restored after the cluster changed: what changed meanwhile is traced, and
 * nothing is traced twice.
 */
class LiveRestoreITCase {

    @RegisterExtension static final MiniClusterExtension FLINK = TestFlinkCluster.twoSlots();

    /** Held, since java.util.logging keeps loggers only weakly and would forget the level. */
    private static final Logger MOCK_SERVER_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String NAMESPACE = "default";

    @TempDir Path savepoints;

    private KubernetesMockServer server;
    private NamespacedKubernetesClient kube;

    @BeforeEach
    void startApiServer() {
        MOCK_SERVER_LOG.setLevel(Level.WARNING);
        server =
                new KubernetesMockServer(
                        new Context(),
                        new MockWebServer(),
                        new HashMap<>(),
                        new KubernetesCrudDispatcher(),
                        false);
        server.init();
        kube = server.createClient();
    }

    @AfterEach
    void stopApiServer() {
        kube.close();
        server.destroy();
    }

    @Test
    @Timeout(120)
    void aJobStoppedAndRestoredMidWatchTracesEveryChangeOnce() throws Exception {
        CollectingSink<SpanRecord> sink = CollectingSink.named("live-restore");
        Deployment web = create(deployment("web"));
        ReplicaSet replicaSet = create(replicaSet("web-7d4b9", web));
        Pod first = create(pod("web-7d4b9-x2k4q", replicaSet));
        create(event("web-7d4b9-x2k4q.1", first, "Scheduled"));

        JobClient job = start(sink, null);
        awaitSpans(spans -> names(spans).containsAll(List.of("Scheduled", "web-7d4b9-x2k4q")));
        kube.pods()
                .resource(
                        new PodBuilder(first)
                                .editOrNewStatus()
                                .withPhase("Running")
                                .endStatus()
                                .build())
                .update();
        create(event("web-7d4b9-x2k4q.2", first, "Pulled"));
        awaitSpans(spans -> names(spans).contains("Pulled"));
        String savepoint =
                job.stopWithSavepoint(
                                false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                        .get();

        // While the job is stopped, the Deployment scales up and a second Pod is scheduled.
        kube.apps()
                .deployments()
                .resource(
                        new DeploymentBuilder(get(web))
                                .editSpec()
                                .withReplicas(2)
                                .endSpec()
                                .build())
                .update();
        Pod second = create(pod("web-7d4b9-p8m2v", replicaSet));
        create(event("web-7d4b9-p8m2v.1", second, "Scheduled"));
        requestsSoFar();

        JobClient restored = start(sink, savepoint);
        awaitSpans(spans -> names(spans).contains("web-7d4b9-p8m2v") && spans.size() >= 7);
        // A duplicate would come with the same quiet period as the new Pod's span, or before it.
        Thread.sleep(2_000);
        restored.cancel().get();

        List<SpanRecord> spans = CollectingSink.collected("live-restore");
        assertThat(TraceOutline.of(spans))
                .isEqualTo(
                        """
                        deployments default/web
                          replicasets default/web-7d4b9
                            pods default/web-7d4b9-x2k4q
                              Scheduled
                              Pulled
                            pods default/web-7d4b9-p8m2v
                              Scheduled
                        """);
        assertThat(spans).extracting(SpanRecord::spanId).doesNotHaveDuplicates();
        assertThat(requestsSoFar())
                .as("the restored job watches on from its resourceVersions, without listing")
                .isNotEmpty()
                .allMatch(path -> path.contains("watch=true"));
    }

    private JobClient start(CollectingSink<SpanRecord> sink, String savepoint) throws Exception {
        Configuration config = KubetraceEnvironment.essentials(new Configuration());
        if (savepoint != null) {
            config.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        config.setString("trace.window", "365 d");
        config.setString("trace.quiet", "1 s");
        config.setString("link.grace", "500 ms");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(2);
        new LiveJob(
                        new LiveJob.Inputs(
                                null,
                                KubeWatchSource.builder()
                                        .clusters(
                                                List.of(
                                                        ClusterConnection.ofUrl(
                                                                "mock", server.url("/"))))
                                        .resources(
                                                List.of(
                                                        new WatchedResource(
                                                                "apps", "v1", "deployments"),
                                                        new WatchedResource(
                                                                "apps", "v1", "replicasets"),
                                                        new WatchedResource("", "v1", "pods"),
                                                        new WatchedResource("", "v1", "events")))
                                        .settings(WatchSettings.defaults())
                                        .build()),
                        List.of(new SpanOutput("collect", "collect spans", sink, false)),
                        new RejectionLogSink(),
                        PipelineSettings.from(config),
                        new LiveSettings(
                                Duration.ofMillis(500),
                                Duration.ofSeconds(3),
                                Duration.ofMillis(500),
                                Duration.ofSeconds(1)))
                .build(env);
        return env.executeAsync("live restore test");
    }

    private static void awaitSpans(Predicate<List<SpanRecord>> done) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!done.test(CollectingSink.<SpanRecord>collected("live-restore"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "spans so far: "
                                + names(CollectingSink.<SpanRecord>collected("live-restore")));
            }
            Thread.sleep(100);
        }
    }

    /** Object spans by object name, the others by their own. */
    private static List<String> names(List<SpanRecord> spans) {
        return spans.stream()
                .map(
                        span ->
                                span.kind() == SpanKind.OBJECT
                                        ? span.name().substring(span.name().indexOf('/') + 1)
                                        : span.name())
                .toList();
    }

    /** The paths requested since the last call. */
    private List<String> requestsSoFar() throws InterruptedException {
        List<String> paths = new ArrayList<>();
        RecordedRequest request;
        while ((request = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
            paths.add(request.getPath());
        }
        return paths;
    }

    private <T extends HasMetadata> T create(T object) {
        return kube.resource(object).inNamespace(NAMESPACE).create();
    }

    private <T extends HasMetadata> T get(T object) {
        return kube.resource(object).inNamespace(NAMESPACE).get();
    }

    private static Deployment deployment(String name) {
        return new DeploymentBuilder()
                .withMetadata(metadata(name, null))
                .withNewSpec()
                .withReplicas(1)
                .endSpec()
                .build();
    }

    private static ReplicaSet replicaSet(String name, Deployment owner) {
        return new ReplicaSetBuilder()
                .withMetadata(metadata(name, owner))
                .withNewSpec()
                .withReplicas(1)
                .endSpec()
                .build();
    }

    private static Pod pod(String name, ReplicaSet owner) {
        return new PodBuilder()
                .withMetadata(metadata(name, owner))
                .withNewSpec()
                .addNewContainer()
                .withName("web")
                .withImage("nginx:1.27")
                .endContainer()
                .endSpec()
                .build();
    }

    private static io.fabric8.kubernetes.api.model.Event event(
            String name, Pod pod, String reason) {
        String now = Instant.now().toString();
        return new EventBuilder()
                .withMetadata(metadata(name, null))
                .withInvolvedObject(
                        new ObjectReferenceBuilder()
                                .withApiVersion("v1")
                                .withKind("Pod")
                                .withNamespace(NAMESPACE)
                                .withName(pod.getMetadata().getName())
                                .withUid(pod.getMetadata().getUid())
                                .build())
                .withReason(reason)
                .withType("Normal")
                .withMessage(reason + " " + pod.getMetadata().getName())
                .withNewSource()
                .withComponent("kubelet")
                .endSource()
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .build();
    }

    /** The metadata of a test object: its uid derived from its name, its controller if any. */
    private static ObjectMeta metadata(String name, HasMetadata controller) {
        ObjectMetaBuilder metadata =
                new ObjectMetaBuilder()
                        .withName(name)
                        .withNamespace(NAMESPACE)
                        .withUid(name + "-uid");
        if (controller != null) {
            metadata.withOwnerReferences(controller(controller));
        }
        return metadata.build();
    }

    private static OwnerReference controller(HasMetadata owner) {
        return new OwnerReferenceBuilder()
                .withApiVersion(owner.getApiVersion())
                .withKind(owner.getKind())
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .withController(true)
                .build();
    }
}
