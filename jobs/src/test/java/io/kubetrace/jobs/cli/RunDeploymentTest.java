package io.kubetrace.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubetrace.gateway.GatewaySettings;
import io.kubetrace.jobs.LiveSettings;
import io.kubetrace.jobs.PipelineSettings;
import io.kubetrace.jobs.deploy.Manifests;
import io.kubetrace.sinks.otlp.OtlpSettings;
import io.kubetrace.sources.kafka.KafkaAuditSettings;
import io.kubetrace.sources.kube.watch.ClusterConnection;
import io.kubetrace.sources.kube.watch.WatchedResource;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The FlinkDeployment starts {@code kubetrace run} with arguments the CLI accepts, and the job's
 * settings agree with the gateway, the Kafka topic and kube-apiserver's webhook.
 */
class RunDeploymentTest {

    /** The gateway's settings that name files of the Secrets its pod mounts. */
    private static final List<String> GATEWAY_SECRET_FILES =
            List.of("tls.cert-file", "tls.key-file", "auth.token-file");

    @TempDir Path directory;

    @Test
    void theJobJarIsWhereTheImagePutsItAndItsMainIsTheCli() throws IOException {
        JsonNode job = DeployedRun.flinkDeployment().path("spec").path("job");
        String dockerfile =
                Files.readString(Manifests.repository().resolve("docker/job.Dockerfile"));
        Matcher copy =
                Pattern.compile("(?m)^COPY .*jobs/target/kubetrace-jobs\\.jar (\\S+)$")
                        .matcher(dockerfile);

        assertThat(copy.find()).as("docker/job.Dockerfile copies the job jar").isTrue();
        assertThat(job.path("jarURI").asText()).isEqualTo("local://" + copy.group(1));
        assertThat(job.path("entryClass").asText()).isEqualTo(KubetraceCli.class.getName());
    }

    @Test
    void theArgumentsGiveTheSettingsOfTheMountedFileAndTheJobAcceptsThem() throws Exception {
        Configuration settings = DeployedRun.settings(directory);

        // What LiveRun checks and builds before it submits the job.
        TraceSinks.requireDestination(null, settings);
        LiveSources sources = LiveSources.from(settings, List.of());
        PipelineSettings.from(settings);
        LiveSettings.from(settings);
        OtlpSettings otlp = OtlpSettings.from(settings);

        assertThat(sources.description())
                .containsExactly(
                        "reading audit events from topic kubetrace-audit at"
                                + " kubetrace-kafka-bootstrap.kafka.svc:9092 (without state:"
                                + " committed offsets)",
                        "watching "
                                + WatchedResource.defaults().size()
                                + " resources in [prod-eu]");
        assertThat(otlp.endpoint())
                .isEqualTo(URI.create("http://jaeger-collector.observability.svc:4317"));
    }

    @Test
    void wrongArgumentsAreRefused() {
        List<String> arguments = new ArrayList<>(DeployedRun.arguments());
        arguments.add("--no-such-flag");

        assertThatThrownBy(
                        () ->
                                KubetraceCli.commandLine()
                                        .parseArgs(arguments.toArray(String[]::new)))
                .isInstanceOf(CommandLine.UnmatchedArgumentException.class);
    }

    @Test
    void theGatewayWritesWhereTheJobReads() throws IOException {
        KafkaAuditSettings job = KafkaAuditSettings.from(DeployedRun.settings(directory));
        GatewaySettings gateway = gatewaySettings();

        assertThat(gateway.kafkaBootstrap()).isEqualTo(job.bootstrapServers());
        assertThat(gateway.topic()).isEqualTo(job.topic());
    }

    @Test
    void theStrimziTopicIsTheJobsWithAPartitionForEverySubtask() throws IOException {
        KafkaAuditSettings job = KafkaAuditSettings.from(DeployedRun.settings(directory));
        JsonNode topic = strimziTopic();
        String name =
                topic.path("spec")
                        .path("topicName")
                        .asText(topic.path("metadata").path("name").asText());
        // Strimzi names a cluster's bootstrap Service <cluster>-kafka-bootstrap.
        String bootstrap =
                topic.path("metadata").path("labels").path("strimzi.io/cluster").asText()
                        + "-kafka-bootstrap."
                        + topic.path("metadata").path("namespace").asText()
                        + ".svc:9092";
        int parallelism =
                DeployedRun.flinkDeployment().path("spec").path("job").path("parallelism").asInt();

        assertThat(name).isEqualTo(job.topic());
        assertThat(job.bootstrapServers()).isEqualTo(bootstrap);
        assertThat(topic.path("spec").path("partitions").asInt())
                .isGreaterThanOrEqualTo(parallelism);
    }

    @Test
    void theStrimziTopicTakesTheLargestRecordTheGatewayWrites() throws IOException {
        JsonNode maxMessageBytes =
                strimziTopic().path("spec").path("config").path("max.message.bytes");

        assertThat(maxMessageBytes.isIntegralNumber()).as("max.message.bytes is set").isTrue();
        assertThat(maxMessageBytes.asLong())
                .isGreaterThanOrEqualTo(gatewaySettings().kafkaRecordLimit());
    }

    @Test
    void kubeApiserverPostsToTheGatewayServiceUnderTheClusterNameTheWatchesUse() throws Exception {
        List<ClusterConnection> clusters = WatchTargets.clusters(DeployedRun.settings(directory));
        JsonNode kubeconfig =
                Manifests.documents(
                                Manifests.k8s().resolve("kube-apiserver/audit-webhook.kubeconfig"))
                        .get(0);
        URI server =
                URI.create(
                        kubeconfig.path("clusters").get(0).path("cluster").path("server").asText());
        JsonNode service = Manifests.resource("Service", "kubetrace-gateway");
        String namespace = Manifests.kustomization().path("namespace").asText();

        assertThat(clusters)
                .extracting(ClusterConnection::name)
                .containsExactly(server.getPath().substring("/audit/".length()));
        assertThat(server.getPath()).startsWith("/audit/");
        assertThat(server.getScheme()).isEqualTo("https");
        assertThat(server.getHost()).isEqualTo("kubetrace-gateway." + namespace + ".svc");
        assertThat(server.getPort())
                .isEqualTo(service.path("spec").path("ports").get(0).path("port").asInt());
        assertThat(gatewaySettings().port()).isEqualTo(server.getPort());
    }

    private static JsonNode strimziTopic() {
        return Manifests.documents(Manifests.k8s().resolve("optional/strimzi/kafka-topic.yaml"))
                .get(0);
    }

    /**
     * The gateway's settings from its ConfigMap and environment, through {@link
     * GatewaySettings#resolve}; a readable file stands in for each Secret's.
     */
    private GatewaySettings gatewaySettings() throws IOException {
        JsonNode podSpec =
                Manifests.resource("Deployment", "kubetrace-gateway")
                        .path("spec")
                        .path("template")
                        .path("spec");
        JsonNode container = podSpec.path("containers").get(0);
        Path file =
                Files.copy(
                        Manifests.mountedConfigFile(
                                podSpec, container, GatewaySettings.DEFAULT_CONFIG_FILE.toString()),
                        directory.resolve("gateway.yaml"));
        Map<String, String> environment = new LinkedHashMap<>();
        container
                .path("env")
                .forEach(
                        variable ->
                                environment.put(
                                        variable.path("name").asText(),
                                        variable.path("value").asText()));
        Map<String, String> secrets = new LinkedHashMap<>();
        GATEWAY_SECRET_FILES.forEach(key -> secrets.put(key, file.toString()));
        return GatewaySettings.resolve(Optional.of(file), environment, secrets);
    }
}
