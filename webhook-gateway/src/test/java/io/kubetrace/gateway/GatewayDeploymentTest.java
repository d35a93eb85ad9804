package io.kubetrace.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's Deployment in k8s/gateway: settings the gateway reads, probes and scrape paths it
 * serves on the port it listens on, a grace period that covers its drain, and a pod that runs as
 * nobody on a read-only root file system.
 */
class GatewayDeploymentTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** The gateway's settings that name files of the Secrets its pod mounts. */
    private static final List<Setting> SECRET_FILES =
            List.of(Setting.TLS_CERT_FILE, Setting.TLS_KEY_FILE, Setting.AUTH_TOKEN_FILE);

    @TempDir static Path directory;

    private static JsonNode deployment;
    private static JsonNode pod;
    private static JsonNode container;
    private static TestCertificates.Identity server;

    @BeforeAll
    static void read() throws Exception {
        deployment = k8s("gateway/deployment.yaml");
        pod = deployment.path("spec").path("template");
        container = pod.path("spec").path("containers").get(0);
        server = TestCertificates.create(directory, "kubetrace-gateway");
    }

    @Test
    void theSettingsAreKeysTheGatewayReadsAndTheFilesAreMounted() throws Exception {
        GatewaySettings settings = settings();

        assertThat(unknownVariables(environment().keySet())).isEmpty();
        assertThat(GatewayMain.commandLine().parseArgs(arguments()).errors()).isEmpty();
        assertThat(mountPathOf(volume("configMap")))
                .isEqualTo(GatewaySettings.DEFAULT_CONFIG_FILE.getParent().toString());
        for (Setting file : SECRET_FILES) {
            String path = raw().get(file);
            assertThat(path).as(file.key).isNotNull();
            assertThat(mountPathOf(secretVolumeHolding(path)))
                    .isEqualTo(Path.of(path).getParent().toString());
        }
        // The keys of a kubernetes.io/tls Secret.
        assertThat(Path.of(raw().get(Setting.TLS_CERT_FILE)).getFileName()).hasToString("tls.crt");
        assertThat(Path.of(raw().get(Setting.TLS_KEY_FILE)).getFileName()).hasToString("tls.key");
        assertThat(settings.authenticates()).isTrue();
    }

    @Test
    void anUnknownVariableIsFound() {
        Set<String> names = Set.of("KUBETRACE_KAFKA_TOPC", "KUBETRACE_KAFKA_TOPIC", "JAVA_OPTS");

        assertThat(unknownVariables(names)).containsExactly("KUBETRACE_KAFKA_TOPC");
    }

    @Test
    void theProbesAndTheScrapeAreServedOnTheGatewaysPort() throws Exception {
        GatewaySettings settings = settings();
        JsonNode port = container.path("ports").get(0);
        String scheme = settings.tlsCertFile().isPresent() ? "HTTPS" : "HTTP";
        Map<String, String> annotations = new LinkedHashMap<>();
        pod.path("metadata")
                .path("annotations")
                .properties()
                .forEach(a -> annotations.put(a.getKey(), a.getValue().asText()));

        assertThat(port.path("containerPort").asInt()).isEqualTo(settings.port());
        for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
            JsonNode get = container.path(probe).path("httpGet");
            assertThat(get.path("port").asText()).as(probe).isEqualTo(port.path("name").asText());
            assertThat(get.path("scheme").asText()).as(probe).isEqualTo(scheme);
        }
        assertThat(annotations)
                .containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/port", String.valueOf(settings.port()))
                .containsEntry("prometheus.io/scheme", scheme.toLowerCase());

        // The gateway itself, with these settings on a free port and a Kafka address that
        // resolves here but where no broker listens.
        Map<Setting, String> flags = secretFiles();
        flags.put(Setting.LISTEN_PORT, "0");
        flags.put(Setting.KAFKA_BOOTSTRAP, "127.0.0.1:" + freePort());
        try (Gateway gateway = Gateway.start(resolve(flags))) {
            HttpClient https = HttpClient.newBuilder().sslContext(server.trustingContext()).build();
            URI base = URI.create("https://127.0.0.1:" + gateway.port());
            assertThat(status(https, base, probePath("livenessProbe"))).isEqualTo(200);
            assertThat(status(https, base, probePath("startupProbe"))).isEqualTo(200);
            // 503 until Kafka answers, which none does here; 404 would be a path it does not serve.
            assertThat(status(https, base, probePath("readinessProbe"))).isEqualTo(503);
            assertThat(status(https, base, annotations.get("prometheus.io/path"))).isEqualTo(200);
            assertThat(status(https, base, "/not-served")).isEqualTo(404);
        }
    }

    @Test
    void theServiceSendsToTheGatewaysPort() throws Exception {
        JsonNode service = k8s("gateway/service.yaml");
        JsonNode port = service.path("spec").path("ports").get(0);

        assertThat(port.path("targetPort").asText())
                .isEqualTo(container.path("ports").get(0).path("name").asText());
        assertThat(port.path("port").asInt()).isEqualTo(settings().port());
        assertThat(service.path("spec").path("selector"))
                .isEqualTo(pod.path("metadata").path("labels"));
    }

    @Test
    void theGracePeriodCoversThePreStopPauseAndTheDrain() throws Exception {
        GatewaySettings settings = settings();
        List<String> preStop = new ArrayList<>();
        container
                .path("lifecycle")
                .path("preStop")
                .path("exec")
                .path("command")
                .forEach(c -> preStop.add(c.asText()));
        Duration pause = Duration.ofSeconds(Long.parseLong(preStop.get(1)));
        Duration forwards =
                settings.forwardUrls().isEmpty() ? Duration.ZERO : settings.forwardTimeout();

        assertThat(preStop.get(0)).isEqualTo("sleep");
        assertThat(
                        Duration.ofSeconds(
                                pod.path("spec").path("terminationGracePeriodSeconds").asLong()))
                .isGreaterThan(pause.plus(settings.drainTimeout()).plus(forwards));
    }

    @Test
    void theAutoscalerAndTheDisruptionBudgetKeepAReplicaToSendTo() throws IOException {
        JsonNode hpa = k8s("gateway/hpa.yaml");
        JsonNode pdb = k8s("gateway/pdb.yaml");
        JsonNode metric = hpa.path("spec").path("metrics").get(0).path("resource");

        assertThat(hpa.path("apiVersion").asText()).isEqualTo("autoscaling/v2");
        assertThat(hpa.path("spec").path("scaleTargetRef").path("kind").asText())
                .isEqualTo(deployment.path("kind").asText());
        assertThat(hpa.path("spec").path("scaleTargetRef").path("name").asText())
                .isEqualTo(deployment.path("metadata").path("name").asText());
        assertThat(metric.path("name").asText()).isEqualTo("cpu");
        // Utilization is measured against the request.
        assertThat(container.path("resources").path("requests").has("cpu")).isTrue();
        assertThat(deployment.path("spec").has("replicas")).as("the HPA owns replicas").isFalse();
        assertThat(pdb.path("spec").path("minAvailable").asInt())
                .isLessThan(hpa.path("spec").path("minReplicas").asInt());
        assertThat(pdb.path("spec").path("selector").path("matchLabels"))
                .isEqualTo(pod.path("metadata").path("labels"));
    }

    @Test
    void itRunsAsNobodyOnAReadOnlyRootWithAWritableTmp() {
        JsonNode podSecurity = pod.path("spec").path("securityContext");
        JsonNode security = container.path("securityContext");

        assertThat(podSecurity.path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(podSecurity.path("runAsUser").asInt()).isPositive();
        assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
        assertThat(security.path("capabilities").path("drop").toString()).isEqualTo("[\"ALL\"]");
        // The JVM's java.io.tmpdir on Linux, where Vert.x and the JVM write.
        assertThat(mountPathOf(volume("emptyDir"))).isEqualTo("/tmp");
        assertThat(container.path("resources").path("limits").has("memory")).isTrue();
    }

    /**
     * The settings of the ConfigMap and environment, a test certificate and token for the Secrets'.
     */
    private static GatewaySettings settings() throws IOException {
        return resolve(secretFiles());
    }

    private static GatewaySettings resolve(Map<Setting, String> flags) throws IOException {
        Map<String, String> byKey = new LinkedHashMap<>();
        flags.forEach((setting, value) -> byKey.put(setting.key, value));
        return GatewaySettings.resolve(Optional.of(configFile()), environment(), byKey);
    }

    private static Map<Setting, String> secretFiles() throws IOException {
        Map<Setting, String> files = new LinkedHashMap<>();
        files.put(Setting.TLS_CERT_FILE, server.certificate().toString());
        files.put(Setting.TLS_KEY_FILE, server.privateKey().toString());
        files.put(
                Setting.AUTH_TOKEN_FILE,
                Files.writeString(directory.resolve("tokens"), "a-token\n").toString());
        return files;
    }

    /** The settings as written in the ConfigMap's file, by setting. */
    private static Map<Setting, String> raw() throws IOException {
        SettingsLayers layers = new SettingsLayers().file(configFile()).environment(environment());
        Map<Setting, String> values = new LinkedHashMap<>();
        for (Setting setting : Setting.values()) {
            if (setting.shape == Setting.Shape.VALUE && !layers.origin(setting).equals("default")) {
                values.put(setting, layers.value(setting));
            }
        }
        return values;
    }

    private static Set<String> unknownVariables(Set<String> names) {
        Set<String> known =
                Arrays.stream(Setting.values()).map(Setting::envName).collect(Collectors.toSet());
        return names.stream()
                .filter(name -> name.startsWith(Setting.ENV_PREFIX) && !known.contains(name))
                .collect(Collectors.toSet());
    }

    private static Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        container
                .path("env")
                .forEach(v -> environment.put(v.path("name").asText(), v.path("value").asText()));
        return environment;
    }

    private static String[] arguments() {
        List<String> arguments = new ArrayList<>();
        container.path("args").forEach(a -> arguments.add(a.asText()));
        return arguments.toArray(String[]::new);
    }

    private static Path configFile() {
        return repository()
                .resolve("k8s/gateway")
                .resolve(GatewaySettings.DEFAULT_CONFIG_FILE.getFileName());
    }

    /** The first volume of this type (configMap, secret, emptyDir, ...). */
    private static JsonNode volume(String type) {
        for (JsonNode volume : pod.path("spec").path("volumes")) {
            if (volume.has(type)) {
                return volume;
            }
        }
        throw new AssertionError("the gateway's pod has no " + type + " volume");
    }

    private static JsonNode secretVolumeHolding(String path) {
        for (JsonNode volume : pod.path("spec").path("volumes")) {
            if (volume.has("secret")
                    && mountPathOf(volume).equals(Path.of(path).getParent().toString())) {
                return volume;
            }
        }
        throw new AssertionError("no Secret volume is mounted where " + path + " is");
    }

    private static String mountPathOf(JsonNode volume) {
        for (JsonNode mount : container.path("volumeMounts")) {
            if (mount.path("name").asText().equals(volume.path("name").asText())) {
                return mount.path("mountPath").asText();
            }
        }
        return "";
    }

    private static String probePath(String probe) {
        return container.path(probe).path("httpGet").path("path").asText();
    }

    private static int status(HttpClient client, URI base, String path) throws Exception {
        return client.send(
                        HttpRequest.newBuilder(base.resolve(path)).build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static JsonNode k8s(String file) throws IOException {
        return YAML.readTree(repository().resolve("k8s").resolve(file).toFile());
    }

    private static Path repository() {
        return Paths.get(System.getProperty("kubetrace.repository", "..")).toAbsolutePath();
    }
}
