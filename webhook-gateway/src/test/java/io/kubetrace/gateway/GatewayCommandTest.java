package io.kubetrace.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GatewayCommandTest {

    @TempDir Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void turnsEachOptionIntoItsSetting() throws Exception {
        Path tokens = Files.writeString(dir.resolve("tokens"), "t\n");
        GatewayCommand command = new GatewayCommand();
        new CommandLine(command)
                .parseArgs(
                        "--port", "9443",
                        "--host", "127.0.0.1",
                        "--kafka-bootstrap", "kafka-0:9092,kafka-1:9092",
                        "--topic", "audit",
                        "--token-file", tokens.toString(),
                        "--max-body", "1048576",
                        "--allow-cluster", "prod-eu,prod-us",
                        "--forward-url", "http://falco:9765/k8s-audit",
                        "--dump-file", dir.resolve("dump.jsonl").toString(),
                        "--set", "kafka.properties.security.protocol=SSL",
                        "--set", "drain-timeout=45 s");

        GatewaySettings settings = command.settings(Map.of());

        assertThat(settings.port()).isEqualTo(9443);
        assertThat(settings.host()).isEqualTo("127.0.0.1");
        assertThat(settings.kafkaBootstrap()).isEqualTo("kafka-0:9092,kafka-1:9092");
        assertThat(settings.topic()).isEqualTo("audit");
        assertThat(settings.tokenFile()).contains(tokens);
        assertThat(settings.maxBodyBytes()).isEqualTo(1048576);
        assertThat(settings.allowedClusters()).containsOnly("prod-eu", "prod-us");
        assertThat(settings.forwardUrls()).containsExactly("http://falco:9765/k8s-audit");
        assertThat(settings.dumpFile()).contains(dir.resolve("dump.jsonl"));
        assertThat(settings.kafkaProperties()).containsEntry("security.protocol", "SSL");
        assertThat(settings.drainTimeout()).hasSeconds(45);
    }

    @Test
    void optionsWinOverTheEnvironmentWhichWinsOverTheConfigFile() throws Exception {
        Path config =
                Files.writeString(
                        dir.resolve("gateway.yaml"),
                        "kafka: {bootstrap-servers: file:9092, topic: file-topic}\n"
                                + "listen.port: 7000\n");
        GatewayCommand command = new GatewayCommand();
        new CommandLine(command).parseArgs("--config", config.toString(), "--topic", "flag-topic");

        GatewaySettings settings =
                command.settings(
                        Map.of(
                                "KUBETRACE_KAFKA_TOPIC",
                                "env-topic",
                                "KUBETRACE_LISTEN_PORT",
                                "7100"));

        assertThat(settings.kafkaBootstrap()).isEqualTo("file:9092");
        assertThat(settings.port()).isEqualTo(7100);
        assertThat(settings.topic()).isEqualTo("flag-topic");
    }

    @Test
    void saysWhatIsWrongInOneLineAndExits1() {
        int exit = execute("--kafka-bootstrap", "kafka:9092", "--max-body", "huge");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString())
                .isEqualTo(
                        "kubetrace gateway: max-body: \"huge\" (from the command line) is not a"
                                + " size such as 12 mb or 65536"
                                + System.lineSeparator());
    }

    @Test
    void needsAConfigFileThatExists() {
        int exit = execute("--config", dir.resolve("missing.yaml").toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString())
                .startsWith("kubetrace gateway: cannot read configuration file ")
                .endsWith("missing.yaml" + System.lineSeparator());
    }

    @Test
    void saysInOneLineThatThePortIsTaken() throws Exception {
        try (java.net.ServerSocket taken =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int exit =
                    execute(
                            "--kafka-bootstrap", "127.0.0.1:9",
                            "--host", "127.0.0.1",
                            "--port", Integer.toString(taken.getLocalPort()));

            assertThat(exit).isEqualTo(1);
            assertThat(err.toString())
                    .startsWith(
                            "kubetrace gateway: cannot listen on 127.0.0.1:"
                                    + taken.getLocalPort()
                                    + ": ")
                    .contains("Address already in use")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void exits2ForAnOptionPicocliCannotRead() {
        assertThat(execute("--port", "eighty")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--port'");
    }

    @Test
    void describesItsOptions() {
        assertThat(execute("--help")).isZero();
        assertThat(out.toString())
                .contains("Receive kube-apiserver's audit webhook and store every event in Kafka.")
                .contains("--kafka-bootstrap=HOST:PORT", "--token-file=FILE", "--max-body=BYTES");
    }

    private int execute(String... args) {
        return GatewayMain.commandLine()
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute(args);
    }
}
