package io.kubetrace.gateway;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kubetrace gateway}: receives kube-apiserver's audit webhook and stores every event in
 * Kafka, until it is stopped (SIGTERM drains it). A subcommand of the kubetrace CLI and the main
 * command of the gateway's own jar.
 */
@Command(
        name = "gateway",
        mixinStandardHelpOptions = true,
        header = "Receive kube-apiserver's audit webhook and store every event in Kafka.",
        description = {
            "POST /audit and /audit/{cluster} take an audit EventList; the answer is 200 once Kafka"
                    + " acknowledged every event, else 503 so kube-apiserver sends the batch again."
                    + " Also serves /healthz, /readyz and /metrics (Prometheus).",
            "Settings come from the config file (default /etc/kubetrace/gateway.yaml when it"
                    + " exists), then KUBETRACE_* environment variables, then these options;"
                    + " later wins. The gateway's README lists every setting."
        })
public final class GatewayCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML settings file.")
    Path config;

    @Option(
            names = "--host",
            paramLabel = "ADDRESS",
            description = "Address to listen on (listen.host, default 0.0.0.0).")
    String host;

    @Option(
            names = "--port",
            paramLabel = "N",
            description = "Port to listen on (listen.port, default 8080).")
    Integer port;

    @Option(
            names = "--kafka-bootstrap",
            paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers, comma-separated (kafka.bootstrap-servers).")
    String kafkaBootstrap;

    @Option(
            names = "--topic",
            paramLabel = "T",
            description = "Kafka topic (kafka.topic, default kubetrace-audit).")
    String topic;

    @Option(
            names = "--token-file",
            paramLabel = "FILE",
            description =
                    "Bearer tokens, one a line, read again when the file changes"
                            + " (auth.token-file).")
    Path tokenFile;

    @Option(
            names = "--max-body",
            paramLabel = "BYTES",
            description =
                    "Largest request body, such as 12582912 or 12 mb (max-body, default 12 mb).")
    String maxBody;

    @Option(
            names = "--tls-cert",
            paramLabel = "FILE",
            description = "Server certificate, PEM (tls.cert-file).")
    Path tlsCert;

    @Option(
            names = "--tls-key",
            paramLabel = "FILE",
            description = "Server private key, PEM (tls.key-file).")
    Path tlsKey;

    @Option(
            names = "--client-ca",
            paramLabel = "FILE",
            description = "CA of client certificates, PEM: turns on mTLS (tls.client-ca-file).")
    Path clientCa;

    @Option(
            names = "--allow-cluster",
            paramLabel = "NAME",
            split = ",",
            description = "Clusters allowed to send, repeatable (clusters.allow, default all).")
    List<String> allowClusters;

    @Option(
            names = "--dump-file",
            paramLabel = "FILE",
            description = "Also append every stored event as a JSON line to FILE (dump.file).")
    Path dumpFile;

    @Option(
            names = "--forward-url",
            paramLabel = "URL",
            description =
                    "Also POST each stored batch to URL, best effort, repeatable (forward.urls).")
    List<String> forwardUrls;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "Any setting, such as --set kafka.properties.security.protocol=SSL.")
    Map<String, String> set;

    @Override
    public Integer call() throws Exception {
        GatewaySettings settings = settings(System.getenv());
        PrintWriter out = spec.commandLine().getOut();
        try (Gateway gateway = Gateway.start(settings)) {
            out.println(gateway.describe());
            out.flush();
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(gateway::close, "kubetrace-gateway-stop"));
            gateway.awaitClosed();
        }
        return 0;
    }

    /** The settings of the config file, then the environment, then these options. */
    GatewaySettings settings(Map<String, String> environment) {
        Optional<Path> file = Optional.ofNullable(config);
        if (file.isPresent() && !Files.isReadable(file.get())) {
            throw new IllegalArgumentException("cannot read configuration file " + file.get());
        }
        if (file.isEmpty() && Files.isReadable(GatewaySettings.DEFAULT_CONFIG_FILE)) {
            file = Optional.of(GatewaySettings.DEFAULT_CONFIG_FILE);
        }
        Map<String, String> flags = new LinkedHashMap<>();
        if (set != null) {
            flags.putAll(set);
        }
        flag(flags, Setting.LISTEN_HOST, host);
        flag(flags, Setting.LISTEN_PORT, port);
        flag(flags, Setting.KAFKA_BOOTSTRAP, kafkaBootstrap);
        flag(flags, Setting.KAFKA_TOPIC, topic);
        flag(flags, Setting.AUTH_TOKEN_FILE, tokenFile);
        flag(flags, Setting.MAX_BODY, maxBody);
        flag(flags, Setting.TLS_CERT_FILE, tlsCert);
        flag(flags, Setting.TLS_KEY_FILE, tlsKey);
        flag(flags, Setting.TLS_CLIENT_CA_FILE, clientCa);
        flag(
                flags,
                Setting.CLUSTERS_ALLOW,
                allowClusters == null ? null : String.join(",", allowClusters));
        flag(flags, Setting.DUMP_FILE, dumpFile);
        flag(
                flags,
                Setting.FORWARD_URLS,
                forwardUrls == null ? null : String.join(",", forwardUrls));
        return GatewaySettings.resolve(file, environment, flags);
    }

    private static void flag(Map<String, String> flags, Setting setting, Object value) {
        if (value != null) {
            flags.put(setting.key, value.toString());
        }
    }
}
