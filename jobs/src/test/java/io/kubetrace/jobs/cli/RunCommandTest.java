package io.kubetrace.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubetrace.jobs.LiveOptions;
import io.kubetrace.jobs.SharedData;
import io.kubetrace.jobs.Uids;
import io.kubetrace.operators.OperatorOptions;
import io.kubetrace.sinks.otlp.OtlpOptions;
import io.kubetrace.sources.audit.AuditSourceOptions;
import io.kubetrace.sources.kafka.KafkaAuditOptions;
import io.kubetrace.sources.kafka.KafkaAuditSettings;
import io.kubetrace.sources.kube.watch.ClusterConnection;
import io.kubetrace.sources.kube.watch.WatchedResource;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code kubetrace run}'s settings: the configuration file, the clusters and resources. */
class RunCommandTest {

    @TempDir Path directory;

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = KubetraceCli.commandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(directory.resolve(name), text);
    }

    @Test
    void readsNestedAndDottedSettingsListsAndMaps() throws Exception {
        Configuration config =
                ConfigFile.read(
                        write(
                                "kubetrace.yaml",
                                """
                                # the clusters
                                watch:
                                  contexts: [prod-eu, prod-us]
                                  resources:
                                    - default
                                    - v1/configmaps
                                trace.window: 1 h
                                otlp:
                                  endpoint: http://jaeger:4317
                                  headers:
                                    authorization: Bearer abc
                                execution.checkpointing.interval: 10 s
                                """));

        assertThat(config.get(LiveOptions.CONTEXTS)).containsExactly("prod-eu", "prod-us");
        assertThat(config.get(LiveOptions.RESOURCES)).containsExactly("default", "v1/configmaps");
        assertThat(config.get(OperatorOptions.TRACE_WINDOW)).isEqualTo(Duration.ofHours(1));
        assertThat(config.get(OtlpOptions.ENDPOINT)).isEqualTo("http://jaeger:4317");
        assertThat(config.get(OtlpOptions.HEADERS))
                .isEqualTo(Map.of("authorization", "Bearer abc"));
        assertThat(config.toMap()).containsEntry("execution.checkpointing.interval", "10 s");
    }

    @Test
    void resourcesAreTheDefaultSetAndWhatIsNamed() throws Exception {
        Configuration config = new Configuration();
        config.set(
                LiveOptions.RESOURCES,
                List.of("default", "v1/configmaps", "argoproj.io/v1alpha1/rollouts"));

        List<WatchedResource> resources = WatchTargets.resources(config, List.of());

        assertThat(resources)
                .startsWith(WatchedResource.defaults().toArray(WatchedResource[]::new));
        assertThat(resources)
                .endsWith(
                        new WatchedResource("", "v1", "configmaps"),
                        new WatchedResource("argoproj.io", "v1alpha1", "rollouts"));
    }

    @Test
    void theCurrentContextNamesTheClusterUnlessANameIsGiven() throws Exception {
        Path kubeconfig =
                write(
                        "kubeconfig",
                        """
                        apiVersion: v1
                        kind: Config
                        current-context: kind-dev
                        contexts:
                          - name: kind-dev
                            context: {cluster: kind-dev, user: kind-dev}
                          - name: prod
                            context: {cluster: prod, user: prod}
                        """);
        Configuration config = new Configuration();
        config.set(LiveOptions.KUBECONFIG, kubeconfig.toString());

        assertThat(WatchTargets.clusters(config))
                .containsExactly(
                        new ClusterConnection("kind-dev", kubeconfig.toString(), "kind-dev", ""));

        config.set(LiveOptions.CLUSTER_NAME, "dev");
        assertThat(WatchTargets.clusters(config))
                .extracting(ClusterConnection::name)
                .containsExactly("dev");

        config.removeConfig(LiveOptions.CLUSTER_NAME);
        config.set(LiveOptions.CONTEXTS, List.of("*"));
        assertThat(WatchTargets.clusters(config))
                .extracting(ClusterConnection::name)
                .containsExactly("kind-dev", "prod");
    }

    @Test
    void saysWhatIsWrongWithAResource() throws Exception {
        Path config = write("bad.yaml", "watch.resources: [default, configmaps]\n");

        int exit =
                run(
                        "run",
                        "--config",
                        config.toString(),
                        "--out",
                        directory.resolve("t").toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString())
                .startsWith("kubetrace run: watch.resources: 'configmaps' is not 'default',")
                .doesNotContain("Exception");
    }

    @Test
    void allSaysWhichClusterCannotBeAsked() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        int exit =
                run(
                        "run",
                        "--resources",
                        "all,v1/configmaps",
                        "--set",
                        "watch.server=http://127.0.0.1:" + closedPort,
                        "--set",
                        "watch.cluster-name=prod",
                        "--out",
                        directory.resolve("t").toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString())
                .startsWith(
                        "kubetrace run: cluster prod: cannot ask http://127.0.0.1:"
                                + closedPort
                                + "/ which resources it serves: ConnectException")
                .hasLineCount(1);
    }

    @Test
    void anExcludedResourceNamesNoVersion() {
        Configuration config = new Configuration();
        config.set(LiveOptions.RESOURCES, List.of("all"));
        config.set(LiveOptions.EXCLUDE_RESOURCES, List.of("coordination.k8s.io/leases", "v1/pods"));

        assertThatThrownBy(() -> WatchTargets.resources(config, List.of()))
                .hasMessageStartingWith("watch.exclude-resources: 'v1/pods' is not group/resource");
    }

    @Test
    void refusesOneClusterNameForManyContexts() {
        Configuration config = new Configuration();
        config.set(LiveOptions.CONTEXTS, List.of("a", "b"));
        config.set(LiveOptions.CLUSTER_NAME, "prod");

        assertThatThrownBy(() -> WatchTargets.clusters(config))
                .hasMessageContaining("watch.cluster-name names one cluster, but 2 contexts");
    }

    @Test
    void saysWhereTracesCouldGoAndWhatThereIsToRestore() {
        assertThat(run("run", "--set", "watch.server=http://127.0.0.1:1")).isEqualTo(1);
        assertThat(err.toString())
                .contains("say where traces go: --out DIR, --otlp-endpoint URL, or both");

        int exit =
                run(
                        "run",
                        "--out",
                        directory.resolve("t").toString(),
                        "--state-dir",
                        directory.resolve("state").toString(),
                        "--restore",
                        "latest");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("cannot look for checkpoints in");
    }

    @Test
    void theFlagsNameTheTopicAndWhereCheckpointsGo() {
        RunCommand run =
                KubetraceCli.commandLine()
                        .parseArgs(
                                "run",
                                "--kafka-bootstrap",
                                "kafka-0:9092,kafka-1:9092",
                                "--topic",
                                "audit-prod",
                                "--checkpoint-dir",
                                "s3://traces/kubetrace",
                                "--cluster",
                                "prod-eu",
                                "--set",
                                "kafka.properties.security.protocol=SASL_SSL")
                        .subcommand()
                        .commandSpec()
                        .commandLine()
                        .getCommand();

        Configuration settings = run.settings();

        KafkaAuditSettings kafka = KafkaAuditSettings.from(settings);
        assertThat(kafka.bootstrapServers()).isEqualTo("kafka-0:9092,kafka-1:9092");
        assertThat(kafka.topic()).isEqualTo("audit-prod");
        assertThat(kafka.properties()).containsEntry("security.protocol", "SASL_SSL");
        assertThat(settings.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
                .isEqualTo("s3://traces/kubetrace");
        assertThat(settings.get(AuditSourceOptions.CLUSTER)).isEqualTo("prod-eu");
    }

    @Test
    void readsKafkaSecuritySettingsFromTheFileAsTheyAre() throws Exception {
        Configuration config =
                ConfigFile.read(
                        write(
                                "kafka.yaml",
                                """
kafka:
  bootstrap-servers: kafka-0.kafka:9093
  properties:
    security.protocol: SASL_SSL
    sasl.jaas.config: a.b.ScramLoginModule required username="k" password="p;q";
"""));

        assertThat(KafkaAuditSettings.from(config).properties())
                .containsOnly(
                        Map.entry("security.protocol", "SASL_SSL"),
                        Map.entry(
                                "sasl.jaas.config",
                                "a.b.ScramLoginModule required username=\"k\" password=\"p;q\";"));
    }

    @Test
    void aCheckpointDirectoryIsAUriOrAnAbsolutePath() {
        assertThat(Directories.uri("s3://traces/kubetrace")).isEqualTo("s3://traces/kubetrace");
        assertThat(Directories.uri("file:///var/kubetrace")).isEqualTo("file:///var/kubetrace");
        assertThat(Directories.uri("state/checkpoints"))
                .isEqualTo(Path.of("state/checkpoints").toAbsolutePath().toUri().toString());
    }

    @Test
    void withNoneItReadsOnlyTheTopic() throws Exception {
        Configuration config = new Configuration();
        config.set(KafkaAuditOptions.BOOTSTRAP_SERVERS, "kafka:9092");
        config.set(LiveOptions.RESOURCES, List.of("none"));

        LiveSources sources = LiveSources.from(config, List.of());

        assertThat(sources.inputs().watches()).isNull();
        assertThat(sources.inputs().audits().uid()).isEqualTo(Uids.KAFKA_AUDIT_SOURCE);
        assertThat(sources.description())
                .containsExactly(
                        "reading audit events from topic kubetrace-audit at kafka:9092 (without"
                                + " state: committed offsets)");
    }

    @Test
    void backfillFilesComeFirstThenTheTopicFromWhereTheyEnd() throws Exception {
        Configuration config = new Configuration();
        config.set(KafkaAuditOptions.BOOTSTRAP_SERVERS, "kafka:9092");
        config.set(LiveOptions.RESOURCES, List.of());
        config.set(AuditSourceOptions.CLUSTER, "minikube");

        LiveSources sources = LiveSources.from(config, List.of(SharedData.path("audit/falco")));

        assertThat(sources.inputs().watches()).isNull();
        assertThat(sources.inputs().audits().uid()).isEqualTo(Uids.AUDIT_FILES_THEN_KAFKA_SOURCE);
        assertThat(sources.description())
                .containsExactly(
                        "tracing 40 audit log files of cluster minikube (up to"
                                + " 2020-04-21T17:58:49.696309Z), then topic kubetrace-audit at"
                                + " kafka:9092 from 2020-04-21T17:53:49.696309Z (5 min before)");
    }

    @Test
    void saysWhenThereIsNothingToTraceOrTheTopicIsMissing() throws Exception {
        String out = directory.resolve("t").toString();

        assertThat(run("run", "--resources", "none", "--out", out)).isEqualTo(1);
        assertThat(run("run", "--backfill-audit-log", "audit.log", "--out", out)).isEqualTo(1);
        assertThat(
                        run(
                                "run",
                                "--kafka-bootstrap",
                                "kafka:9092",
                                "--resources",
                                "none,default",
                                "--out",
                                out))
                .isEqualTo(1);

        assertThat(err.toString().lines())
                .containsExactly(
                        "kubetrace run: nothing to trace: give --kafka-bootstrap for audit events,"
                                + " or clusters to watch (watch.resources is none)",
                        "kubetrace run: --backfill-audit-log needs --kafka-bootstrap: the audit"
                                + " topic takes over where the files end (for files alone:"
                                + " kubetrace backfill)",
                        "kubetrace run: watch.resources: 'none' watches no cluster, so it goes"
                                + " alone, not with [default]");
    }

    @Test
    void refusesAnOverlapThatTheDeduplicationWouldForget() throws Exception {
        int exit =
                run(
                        "run",
                        "--kafka-bootstrap",
                        "kafka:9092",
                        "--resources",
                        "none",
                        "--backfill-audit-log",
                        SharedData.path("audit/falco").toString(),
                        "--set",
                        "kafka.backfill-overlap=10 min",
                        "--out",
                        directory.resolve("t").toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString())
                .isEqualTo(
                        "kubetrace run: kafka.backfill-overlap (10 min) must be shorter than"
                                + " dedup.ttl (10 min): events both in the audit files and in the"
                                + " topic would be traced twice\n");
    }

    @Test
    void latestIsTheNewestCompleteCheckpointOrSavepoint() throws Exception {
        Path old = Files.createDirectories(directory.resolve("checkpoints/job-a/chk-7"));
        Files.writeString(old.resolve("_metadata"), "x");
        Path partial = Files.createDirectories(directory.resolve("checkpoints/job-b/chk-3"));
        Path savepoint = Files.createDirectories(directory.resolve("savepoints/savepoint-b-1"));
        Files.writeString(savepoint.resolve("_metadata"), "x");
        Files.setLastModifiedTime(
                old.resolve("_metadata"), java.nio.file.attribute.FileTime.fromMillis(1_000));

        assertThat(RestorePoints.latest(directory)).isEqualTo(savepoint).isNotEqualTo(partial);
    }
}
