package io.kubetrace.jobs.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * flink-conf/config.yaml holds only keys Flink 2.2 knows, with values of their types, and the
 * FlinkDeployment carries the same settings, adding only Kubernetes HA, the operator's options and
 * the object storage's.
 */
class FlinkConfigurationTest {

    private static final String REPORTER_PREFIX = "metrics.reporter.";

    /**
     * What a reporter reads itself beside the options of every reporter; Flink documents the
     * Prometheus reporter's {@code port}, a constant of its factory rather than a ConfigOption.
     */
    private static final Map<String, Set<String>> REPORTER_OWN_KEYS =
            Map.of("org.apache.flink.metrics.prometheus.PrometheusReporterFactory", Set.of("port"));

    /** The FlinkDeployment sets these through jobManager and taskManager.resource.memory. */
    private static final Set<String> RESOURCE_KEYS =
            Set.of(
                    JobManagerOptions.TOTAL_PROCESS_MEMORY.key(),
                    TaskManagerOptions.TOTAL_PROCESS_MEMORY.key());

    /**
     * Keys Flink passes to its S3 file system plugins as they are (endpoint, credentials): no
     * ConfigOption declares them.
     */
    private static final String S3_PREFIX = "s3.";

    /**
     * What only the cluster on Kubernetes has: its HA, the operator's options, and the object
     * storage's endpoint and credentials (k8s/README.md).
     */
    private static final List<String> DEPLOYMENT_ONLY_PREFIXES =
            List.of("high-availability.", "kubernetes.operator.", S3_PREFIX);

    private static FlinkOptions flink;
    private static Configuration flinkConf;
    private static JsonNode spec;

    @BeforeAll
    static void read() {
        flink = FlinkOptions.onClasspath();
        flinkConf = GlobalConfiguration.loadConfiguration(Manifests.flinkConf().toString());
        spec = Manifests.resource("FlinkDeployment", "kubetrace").path("spec");
    }

    @Test
    void theScanFindsFlinksOptions() {
        // Core, checkpointing, RocksDB (its own module) and connector-base options.
        assertThat(flink.withKey(CoreOptions.DEFAULT_PARALLELISM.key())).isNotEmpty();
        assertThat(flink.withKey("execution.checkpointing.interval")).isNotEmpty();
        assertThat(flink.withKey("state.backend.rocksdb.memory.managed")).isNotEmpty();
        assertThat(flink.withKey("source.reader.close.timeout")).isNotEmpty();
        assertThat(flink.size()).isGreaterThan(500);
    }

    @Test
    void everyKeyOfFlinkConfIsOneFlinkKnowsWithAValueOfItsType() {
        assertThat(flinkConf.keySet()).hasSizeGreaterThan(20);
        assertThat(problems(flinkConf)).isEmpty();
    }

    @Test
    void unknownDeprecatedAndMistypedSettingsAreFound() {
        Configuration wrong =
                Configuration.fromMap(
                        Map.of(
                                "execution.checkpointing.intervall", "30 s",
                                "state.savepoints.dir", "s3://kubetrace/savepoints",
                                "execution.checkpointing.mode", "AT_MOST_TWICE",
                                "metrics.reporter.prom.factory.class", "org.example.Missing",
                                "metrics.reporter.prom.prot", "9249",
                                "metrics.reporter.prom.interval", "often"));

        assertThat(String.join("\n", problems(wrong)))
                .contains("execution.checkpointing.intervall: not a Flink option")
                .contains(
                        "state.savepoints.dir: deprecated, use"
                                + " execution.checkpointing.savepoint-dir")
                .contains("execution.checkpointing.mode: \"AT_MOST_TWICE\" is not")
                .contains("metrics.reporter.prom.factory.class: no MetricReporterFactory")
                .contains("metrics.reporter.prom.prot: not an option of reporter")
                .contains("metrics.reporter.prom.interval: \"often\" is not");
    }

    @Test
    void theFlinkDeploymentCarriesFlinkConfsSettings() {
        Configuration deployment = deploymentConfiguration();

        List<String> differences = new ArrayList<>();
        for (String key : flinkConf.keySet()) {
            if (RESOURCE_KEYS.contains(key)) {
                continue;
            }
            String inFile = flinkConf.getString(key, null);
            String inDeployment = deployment.getString(key, null);
            if (inDeployment == null) {
                differences.add(key + ": missing from the FlinkDeployment");
            } else if (!sameValue(key, flinkConf, deployment)) {
                differences.add(key + ": " + inFile + " in flink-conf, " + inDeployment);
            }
        }
        assertThat(differences).isEmpty();
    }

    @Test
    void theFlinkDeploymentAddsOnlyKubernetesHaOperatorAndObjectStorageSettings() {
        Configuration deployment = deploymentConfiguration();
        List<String> added = new ArrayList<>();
        for (String key : deployment.keySet()) {
            if (!flinkConf.containsKey(key)) {
                added.add(key);
            }
        }

        assertThat(added)
                .allMatch(
                        key -> DEPLOYMENT_ONLY_PREFIXES.stream().anyMatch(key::startsWith),
                        "high-availability.*, kubernetes.operator.* or s3.*")
                .contains("high-availability.type", "high-availability.storageDir");
        assertThat(problems(deployment)).isEmpty();
    }

    @Test
    void theMemoryOfFlinkConfIsTheFlinkDeploymentsResources() {
        assertThat(memory(spec.path("jobManager")))
                .isEqualTo(flinkConf.get(JobManagerOptions.TOTAL_PROCESS_MEMORY));
        assertThat(memory(spec.path("taskManager")))
                .isEqualTo(flinkConf.get(TaskManagerOptions.TOTAL_PROCESS_MEMORY));
        assertThat(spec.path("job").path("parallelism").asInt())
                .isEqualTo(flinkConf.get(CoreOptions.DEFAULT_PARALLELISM));
    }

    /** How the operator reads {@code resource.memory}: Flink's memory syntax ({@code 1600m}). */
    private static MemorySize memory(JsonNode component) {
        return MemorySize.parse(component.path("resource").path("memory").asText());
    }

    private static Configuration deploymentConfiguration() {
        Map<String, String> settings = new LinkedHashMap<>();
        spec.path("flinkConfiguration")
                .properties()
                .forEach(entry -> settings.put(entry.getKey(), entry.getValue().asText()));
        return Configuration.fromMap(settings);
    }

    /** Equal as the option's type, so that {@code 30 s} and {@code 30s} agree. */
    private static boolean sameValue(String key, Configuration a, Configuration b) {
        List<ConfigOption<?>> options = flink.withKey(key);
        if (options.isEmpty()) {
            return a.getString(key, "").equals(b.getString(key, ""));
        }
        ConfigOption<?> option = options.get(0);
        return a.get(option).equals(b.get(option));
    }

    /** One line for each setting Flink (or the operator) would not take as written. */
    private static List<String> problems(Configuration config) {
        List<String> problems = new ArrayList<>();
        for (String key : config.keySet()) {
            String value = config.getString(key, null);
            if (key.startsWith(REPORTER_PREFIX)) {
                reporterProblem(config, key, value).ifPresent(problems::add);
                continue;
            }
            if (key.startsWith(S3_PREFIX)) {
                continue;
            }
            List<ConfigOption<?>> options = new ArrayList<>(flink.withKey(key));
            options.addAll(KubernetesOperatorOptions.withKey(key));
            if (options.isEmpty()) {
                problems.add(
                        flink.replacementOf(key)
                                .map(current -> key + ": deprecated, use " + current)
                                .orElse(key + ": not a Flink option"));
            } else if (options.stream().noneMatch(option -> reads(config, option))) {
                problems.add(key + ": \"" + value + "\" is not " + typeOf(options.get(0)));
            }
        }
        return problems;
    }

    private static Optional<String> reporterProblem(
            Configuration config, String key, String value) {
        String rest = key.substring(REPORTER_PREFIX.length());
        int dot = rest.indexOf('.');
        if (dot <= 0) {
            return Optional.of(key + ": not metrics.reporter.<name>.<key>");
        }
        String reporter = REPORTER_PREFIX + rest.substring(0, dot) + ".";
        String own = rest.substring(dot + 1);
        String factory = config.getString(reporter + "factory.class", "");
        for (ConfigOption<?> option : flink.reporterOptions()) {
            if (option.key().equals(own)) {
                Configuration ofReporter = Configuration.fromMap(Map.of(own, value));
                if (!reads(ofReporter, option)) {
                    return Optional.of(key + ": \"" + value + "\" is not " + typeOf(option));
                }
                if (own.equals("factory.class") && !isReporterFactory(value)) {
                    return Optional.of(
                            key + ": no MetricReporterFactory " + value + " on the classpath");
                }
                return Optional.empty();
            }
        }
        if (REPORTER_OWN_KEYS.getOrDefault(factory, Set.of()).contains(own)) {
            return Optional.empty();
        }
        return Optional.of(key + ": not an option of reporter " + factory);
    }

    private static boolean isReporterFactory(String className) {
        try {
            return MetricReporterFactory.class.isAssignableFrom(Class.forName(className));
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static boolean reads(Configuration config, ConfigOption<?> option) {
        try {
            config.get(option);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String typeOf(ConfigOption<?> option) {
        return "a value of " + option.key() + " (" + option.defaultValue() + " by default)";
    }
}
