package io.kubetrace.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewaySettingsTest {

    @TempDir Path dir;

    @Test
    void hasTheDefaultsOfTheReadme() {
        GatewaySettings settings =
                GatewaySettings.resolve(
                        Optional.empty(),
                        Map.of("KUBETRACE_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092"),
                        Map.of());

        assertThat(settings)
                .isEqualTo(
                        new GatewaySettings(
                                "0.0.0.0",
                                8080,
                                12 * 1024 * 1024,
                                16,
                                Duration.ofSeconds(20),
                                "kafka:9092",
                                "kubetrace-audit",
                                Duration.ofSeconds(5),
                                Duration.ofSeconds(2),
                                32 * 1024 * 1024,
                                1_000_000,
                                Duration.ofSeconds(5),
                                Map.of(),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                Set.of(),
                                Map.of(),
                                Optional.empty(),
                                List.of(),
                                Duration.ofSeconds(10),
                                64));
        assertThat(settings.authenticates()).isFalse();
    }

    @Test
    void readsTheFileThenTheEnvironmentThenFlagsAndTheLaterWins() throws Exception {
        Path tokens = Files.writeString(dir.resolve("tokens"), "t\n");
        Path file =
                Files.writeString(
                        dir.resolve("gateway.yaml"),
                        """
                        listen: {host: 127.0.0.1, port: 9000}
                        kafka:
                          bootstrap-servers: file-kafka:9092
                          topic: from-file
                          delivery-timeout: 3 s
                          properties:
                            security.protocol: SSL
                            linger.ms: 20
                        kafka.properties.compression.type: zstd
                        auth.token-file: %s
                        max-body: 4 mb
                        clusters:
                          allow: [prod-eu, prod-us]
                          by-ip: {10.0.0.7: prod-eu, "fd00::7": prod-us}
                        forward:
                          urls: [http://falco:9765/k8s-audit, "http://other:8080/audit/{cluster}"]
                        dump: {file: null}
                        """
                                .formatted(tokens));

        GatewaySettings settings =
                GatewaySettings.resolve(
                        Optional.of(file),
                        Map.of(
                                "KUBETRACE_KAFKA_TOPIC", "from-env",
                                "KUBETRACE_MAX_BODY", "8 mb",
                                "KUBETRACE_KAFKA_PROPERTIES", "linger.ms=50",
                                // What Kubernetes sets beside a Service named kubetrace: not ours.
                                "KUBETRACE_PORT", "tcp://10.96.0.12:8080",
                                "KUBETRACE_SERVICE_HOST", "10.96.0.12"),
                        Map.of("max-body", "1048576", "kafka.properties.client.id", "gateway-1"));

        assertThat(settings.host()).isEqualTo("127.0.0.1");
        assertThat(settings.port()).isEqualTo(9000);
        assertThat(settings.kafkaBootstrap()).isEqualTo("file-kafka:9092");
        assertThat(settings.topic()).isEqualTo("from-env");
        assertThat(settings.maxBodyBytes()).isEqualTo(1048576);
        assertThat(settings.kafkaDeliveryTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(settings.kafkaProperties())
                .containsOnly(
                        Map.entry("security.protocol", "SSL"),
                        Map.entry("linger.ms", "50"),
                        Map.entry("compression.type", "zstd"),
                        Map.entry("client.id", "gateway-1"));
        assertThat(settings.tokenFile()).contains(tokens);
        assertThat(settings.authenticates()).isTrue();
        assertThat(settings.allowedClusters()).containsOnly("prod-eu", "prod-us");
        // Addresses are kept as the server writes a peer's address.
        assertThat(settings.clustersByIp())
                .containsOnly(
                        Map.entry("10.0.0.7", "prod-eu"),
                        Map.entry("fd00:0:0:0:0:0:0:7", "prod-us"));
        assertThat(settings.forwardUrls())
                .containsExactly(
                        "http://falco:9765/k8s-audit", "http://other:8080/audit/{cluster}");
        assertThat(settings.dumpFile()).isEmpty();
    }

    @Test
    void readsListsAndMapsFromTheEnvironment() {
        GatewaySettings settings =
                GatewaySettings.resolve(
                        Optional.empty(),
                        Map.of(
                                "KUBETRACE_KAFKA_BOOTSTRAP_SERVERS", "a:9092,b:9092",
                                "KUBETRACE_CLUSTERS_ALLOW", "prod-eu, prod-us",
                                "KUBETRACE_CLUSTERS_BY_IP", "10.0.0.7=prod-eu,10.0.0.8=prod-us",
                                "KUBETRACE_DRAIN_TIMEOUT", "PT45S",
                                "KUBETRACE_LISTEN_PORT", "8443"),
                        Map.of());

        assertThat(settings.kafkaBootstrap()).isEqualTo("a:9092,b:9092");
        assertThat(settings.allowedClusters()).containsOnly("prod-eu", "prod-us");
        assertThat(settings.clustersByIp())
                .containsOnly(Map.entry("10.0.0.7", "prod-eu"), Map.entry("10.0.0.8", "prod-us"));
        assertThat(settings.drainTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(settings.port()).isEqualTo(8443);
    }

    @Test
    void readsDurationsAndSizesAsWrittenElsewhereInKubetrace() {
        GatewaySettings settings =
                TestSettings.with(
                        "kafka.max-block", "500 ms",
                        "drain-timeout", "1 min",
                        "forward.timeout", "2s",
                        "kafka.buffer-memory", "64MiB",
                        "max-body", "512 kb");

        assertThat(settings.kafkaMaxBlock()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.drainTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.forwardTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.kafkaBufferMemory()).isEqualTo(64L << 20);
        assertThat(settings.maxBodyBytes()).isEqualTo(512L << 10);
    }

    @Test
    void saysInOneLineWhichSettingIsWrongAndWhereItCameFrom() throws Exception {
        Path file = Files.writeString(dir.resolve("gateway.yaml"), "kafka: {bootstap: k:9092}\n");

        assertThatThrownBy(() -> GatewaySettings.resolve(Optional.of(file), Map.of(), Map.of()))
                .hasMessage(
                        "unknown setting \"kafka.bootstap\" (from "
                                + file
                                + "); see the gateway's README");
        assertThatThrownBy(
                        () ->
                                GatewaySettings.resolve(
                                        Optional.empty(),
                                        Map.of(
                                                "KUBETRACE_KAFKA_BOOTSTRAP_SERVERS", "k:9092",
                                                "KUBETRACE_MAX_BODY", "12 parsecs"),
                                        Map.of()))
                .hasMessage(
                        "max-body: \"12 parsecs\" (from KUBETRACE_MAX_BODY) is not a size such as"
                                + " 12 mb or 65536");
        assertThatThrownBy(() -> TestSettings.with("drain-timeout", "soon"))
                .hasMessage(
                        "drain-timeout: \"soon\" (from the command line) is not a duration such as"
                                + " 5 s, 500 ms or 1 min");
        assertThatThrownBy(() -> TestSettings.with("listen.port", "80800"))
                .hasMessageContaining("is not a port from 0 to 65535");
        assertThatThrownBy(() -> TestSettings.with("kafka.topic", "audit events"))
                .hasMessageContaining("is not a Kafka topic name");
        assertThatThrownBy(() -> TestSettings.with("kafka.bootstrap-servers", "kafka"))
                .hasMessageContaining("is not HOST:PORT[,HOST:PORT...]");
        assertThatThrownBy(() -> TestSettings.with("clusters.allow", "eu/west"))
                .hasMessageContaining("is not a cluster name");
        assertThatThrownBy(() -> TestSettings.with("clusters.by-ip", "kafka.local=prod"))
                .hasMessageContaining(
                        "\"kafka.local\" (from the command line) is not an IP address");
        assertThatThrownBy(() -> TestSettings.with("forward.urls", "ftp://x/y"))
                .hasMessageContaining("is not an http:// or https:// URL");
        assertThatThrownBy(() -> TestSettings.with("kafka.properties.acks", "1"))
                .hasMessage(
                        "kafka.properties.acks (from the command line) cannot be set: the gateway"
                                + " always uses acks=all: its 200 promises it");
        assertThatThrownBy(() -> TestSettings.with("auth.token-file", "/no/such/tokens"))
                .hasMessage(
                        "auth.token-file: \"/no/such/tokens\" (from the command line) is not a file"
                                + " that exists and can be read");
    }

    @Test
    void takesARecordSizeThatTheProducerAndItsBufferCanHold() {
        assertThat(
                        GatewaySettings.resolve(
                                        Optional.empty(),
                                        Map.of(
                                                "KUBETRACE_KAFKA_BOOTSTRAP_SERVERS", "k:9092",
                                                "KUBETRACE_KAFKA_MAX_RECORD_SIZE", "2 mb"),
                                        Map.of())
                                .kafkaRecordLimit())
                .isEqualTo((2L << 20) + GatewaySettings.RECORD_OVERHEAD);
        assertThatThrownBy(
                        () ->
                                TestSettings.with(
                                        "kafka.max-record-size", "32 mb",
                                        "kafka.buffer-memory", "32 mb"))
                .hasMessage(
                        "kafka.max-record-size (from the command line) plus Kafka's framing"
                                + " (33555456 bytes) does not fit in kafka.buffer-memory (33554432"
                                + " bytes)");
        assertThatThrownBy(() -> TestSettings.with("kafka.properties.max.request.size", "1000000"))
                .hasMessage(
                        "kafka.properties.max.request.size \"1000000\" (from the command line) is"
                                + " below kafka.max-record-size plus Kafka's framing (1001024"
                                + " bytes): the producer would refuse events the gateway lets"
                                + " through; raise it or leave it unset");
        assertThatThrownBy(
                        () -> TestSettings.with("kafka.properties.max.request.size", "2147483648"))
                .hasMessage(
                        "kafka.properties.max.request.size \"2147483648\" (from the command line)"
                                + " is over Kafka's limit of 2147483647 bytes");
        assertThatThrownBy(() -> TestSettings.with("kafka.properties.max.request.size", "1 mb"))
                .hasMessage(
                        "kafka.properties.max.request.size \"1 mb\" (from the command line) is not"
                                + " a whole number of bytes");
        assertThatThrownBy(() -> TestSettings.with("kafka.max-record-size", "0"))
                .hasMessage(
                        "kafka.max-record-size: \"0\" (from the command line) is not a size such as"
                                + " 12 mb or 65536");
    }

    @Test
    void needsAKafkaToWriteTo() {
        assertThatThrownBy(() -> GatewaySettings.resolve(Optional.empty(), Map.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "no Kafka to write to: give --kafka-bootstrap HOST:PORT,"
                            + " KUBETRACE_KAFKA_BOOTSTRAP_SERVERS or kafka.bootstrap-servers in the"
                            + " config file");
    }

    @Test
    void needsACertificateAndKeyTogetherAndForMutualTls() throws Exception {
        Path pem = Files.writeString(dir.resolve("cert.pem"), "");

        assertThatThrownBy(() -> TestSettings.with("tls.cert-file", pem.toString()))
                .hasMessage("tls.cert-file and tls.key-file go together (from the command line)");
        assertThatThrownBy(() -> TestSettings.with("tls.client-ca-file", pem.toString()))
                .hasMessage(
                        "tls.client-ca-file (from the command line) needs TLS: set tls.cert-file"
                                + " and tls.key-file too");
    }

    @Test
    void namesEveryVariableAfterItsKey() {
        assertThat(Setting.KAFKA_BOOTSTRAP.envName())
                .isEqualTo("KUBETRACE_KAFKA_BOOTSTRAP_SERVERS");
        assertThat(Setting.TLS_CLIENT_CA_FILE.envName()).isEqualTo("KUBETRACE_TLS_CLIENT_CA_FILE");
        assertThat(Setting.MAX_BODY.envName()).isEqualTo("KUBETRACE_MAX_BODY");
    }
}
