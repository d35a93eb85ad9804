package io.kubetrace.gateway;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything the gateway is configured with, typed, defaulted and checked. Read from a YAML file,
 * then {@code KUBETRACE_*} environment variables, then flags ({@link SettingsLayers}); the keys and
 * defaults are in {@link Setting} and the README.
 */
public record GatewaySettings(
        String host,
        int port,
        long maxBodyBytes,
        int maxInFlight,
        Duration drainTimeout,
        String kafkaBootstrap,
        String topic,
        Duration kafkaDeliveryTimeout,
        Duration kafkaMaxBlock,
        long kafkaBufferMemory,
        long kafkaMaxRecordSize,
        Duration kafkaReadyInterval,
        Map<String, String> kafkaProperties,
        Optional<Path> tokenFile,
        Optional<Path> tlsCertFile,
        Optional<Path> tlsKeyFile,
        Optional<Path> clientCaFile,
        Set<String> allowedClusters,
        Map<String, String> clustersByIp,
        Optional<Path> dumpFile,
        List<String> forwardUrls,
        Duration forwardTimeout,
        int forwardMaxInFlight) {

    /** Read when it exists and no {@code --config} names another file. */
    public static final Path DEFAULT_CONFIG_FILE = Path.of("/etc/kubetrace/gateway.yaml");

    private static final Pattern DURATION =
            Pattern.compile(
                    "(\\d+)\\s*(ms|s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?|d|days?)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|bytes|[kmg]i?b?)?");
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");
    private static final Pattern HOST_PORT = Pattern.compile("\\S+:\\d{1,5}");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /**
     * Kafka's framing around one record's key and value, rounded up: a record batch's header (61
     * bytes) and the record's own fields (at most 32 bytes without headers). A topic takes every
     * record the gateway writes when its {@code max.message.bytes} is at least {@code
     * kafka.max-record-size} plus this.
     */
    public static final int RECORD_OVERHEAD = 1024;

    private static final String MAX_REQUEST_SIZE = "max.request.size";

    /** Kafka's default {@code max.request.size}. */
    private static final long DEFAULT_MAX_REQUEST_SIZE = 1 << 20;

    /** Producer settings the gateway owns, and what to write instead. */
    private static final Map<String, String> OWN_PRODUCER_SETTINGS =
            Map.of(
                    "acks", "the gateway always uses acks=all: its 200 promises it",
                    "enable.idempotence", "the gateway's producer is always idempotent",
                    "transactional.id", "the gateway does not write transactions",
                    "bootstrap.servers", "use kafka.bootstrap-servers",
                    "delivery.timeout.ms", "use kafka.delivery-timeout",
                    "request.timeout.ms", "it follows kafka.delivery-timeout",
                    "max.block.ms", "use kafka.max-block",
                    "buffer.memory", "use kafka.buffer-memory",
                    "key.serializer", "records are always bytes",
                    "value.serializer", "records are always bytes");

    public GatewaySettings {
        kafkaProperties = Map.copyOf(kafkaProperties);
        allowedClusters = Set.copyOf(allowedClusters);
        clustersByIp = Map.copyOf(clustersByIp);
        forwardUrls = List.copyOf(forwardUrls);
    }

    /**
     * The settings of the given layers: the file (if any), then the environment, then flags given
     * as key → value.
     */
    public static GatewaySettings resolve(
            Optional<Path> configFile, Map<String, String> environment, Map<String, String> flags) {
        SettingsLayers layers = new SettingsLayers();
        configFile.ifPresent(layers::file);
        layers.environment(environment);
        flags.forEach((key, value) -> layers.put(key, value, "the command line"));
        return from(layers);
    }

    private static GatewaySettings from(SettingsLayers layers) {
        Reader read = new Reader(layers);
        GatewaySettings settings =
                new GatewaySettings(
                        read.text(Setting.LISTEN_HOST),
                        read.port(Setting.LISTEN_PORT),
                        read.size(Setting.MAX_BODY),
                        read.positiveInt(Setting.MAX_IN_FLIGHT),
                        read.duration(Setting.DRAIN_TIMEOUT),
                        read.bootstrap(),
                        read.matching(Setting.KAFKA_TOPIC, TOPIC, "a Kafka topic name"),
                        read.duration(Setting.KAFKA_DELIVERY_TIMEOUT),
                        read.duration(Setting.KAFKA_MAX_BLOCK),
                        read.size(Setting.KAFKA_BUFFER_MEMORY),
                        read.size(Setting.KAFKA_MAX_RECORD_SIZE),
                        read.duration(Setting.KAFKA_READY_INTERVAL),
                        read.kafkaProperties(),
                        read.readableFile(Setting.AUTH_TOKEN_FILE),
                        read.readableFile(Setting.TLS_CERT_FILE),
                        read.readableFile(Setting.TLS_KEY_FILE),
                        read.readableFile(Setting.TLS_CLIENT_CA_FILE),
                        read.clusterNames(),
                        read.clustersByIp(),
                        read.path(Setting.DUMP_FILE),
                        read.forwardUrls(),
                        read.duration(Setting.FORWARD_TIMEOUT),
                        read.positiveInt(Setting.FORWARD_MAX_IN_FLIGHT));
        settings.checkTls(layers);
        settings.checkRecordSize(layers);
        return settings;
    }

    /** Whether clients must prove who they are (a token, or a certificate from the client CA). */
    public boolean authenticates() {
        return tokenFile.isPresent() || clientCaFile.isPresent();
    }

    /**
     * The largest record the producer and the topic must take: {@code kafka.max-record-size} plus
     * Kafka's framing.
     */
    public long kafkaRecordLimit() {
        return kafkaMaxRecordSize + RECORD_OVERHEAD;
    }

    /**
     * The producer's {@code max.request.size}: as {@code kafka.properties} sets it, else Kafka's
     * default, raised to {@link #kafkaRecordLimit()}. The producer compares a record's size before
     * compression with it, and sends a record over {@code batch.size} in a batch of its own, so
     * this is all one record of {@code kafka.max-record-size} needs.
     */
    long kafkaMaxRequestSize() {
        String configured = kafkaProperties.get(MAX_REQUEST_SIZE);
        return configured != null
                ? Long.parseLong(configured.trim())
                : Math.max(DEFAULT_MAX_REQUEST_SIZE, kafkaRecordLimit());
    }

    private void checkRecordSize(SettingsLayers layers) {
        String origin = " (from " + layers.origin(Setting.KAFKA_MAX_RECORD_SIZE) + ")";
        if (kafkaRecordLimit() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "kafka.max-record-size" + origin + " is over Kafka's limit of 2 GiB");
        }
        if (kafkaRecordLimit() > kafkaBufferMemory) {
            throw new IllegalArgumentException(
                    "kafka.max-record-size"
                            + origin
                            + " plus Kafka's framing ("
                            + kafkaRecordLimit()
                            + " bytes) does not fit in kafka.buffer-memory ("
                            + kafkaBufferMemory
                            + " bytes)");
        }
        String configured = kafkaProperties.get(MAX_REQUEST_SIZE);
        if (configured == null) {
            return;
        }
        String property =
                "kafka.properties."
                        + MAX_REQUEST_SIZE
                        + " \""
                        + configured
                        + "\" (from "
                        + layers.origin(Setting.KAFKA_PROPERTIES)
                        + ")";
        long requestSize;
        try {
            requestSize = Long.parseLong(configured.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(property + " is not a whole number of bytes");
        }
        if (requestSize < kafkaRecordLimit()) {
            throw new IllegalArgumentException(
                    property
                            + " is below kafka.max-record-size plus Kafka's framing ("
                            + kafkaRecordLimit()
                            + " bytes): the producer would refuse events the gateway lets"
                            + " through; raise it or leave it unset");
        }
        if (requestSize > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    property + " is over Kafka's limit of " + Integer.MAX_VALUE + " bytes");
        }
    }

    private void checkTls(SettingsLayers layers) {
        if (tlsCertFile.isPresent() != tlsKeyFile.isPresent()) {
            throw new IllegalArgumentException(
                    "tls.cert-file and tls.key-file go together (from "
                            + layers.origin(
                                    tlsCertFile.isPresent()
                                            ? Setting.TLS_CERT_FILE
                                            : Setting.TLS_KEY_FILE)
                            + ")");
        }
        if (clientCaFile.isPresent() && tlsCertFile.isEmpty()) {
            throw new IllegalArgumentException(
                    "tls.client-ca-file (from "
                            + layers.origin(Setting.TLS_CLIENT_CA_FILE)
                            + ") needs TLS: set tls.cert-file and tls.key-file too");
        }
    }

    /** Turns raw text into typed values, naming the setting and its origin when it cannot. */
    private record Reader(SettingsLayers layers) {

        String text(Setting setting) {
            String value = layers.value(setting);
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(
                        setting.key + " (from " + layers.origin(setting) + ") must not be empty");
            }
            return value;
        }

        int port(Setting setting) {
            int port = integer(setting);
            if (port < 0 || port > 65535) {
                throw invalid(setting, layers.value(setting), "a port from 0 to 65535");
            }
            return port;
        }

        int positiveInt(Setting setting) {
            int value = integer(setting);
            if (value <= 0) {
                throw invalid(setting, layers.value(setting), "a whole number above 0");
            }
            return value;
        }

        private int integer(Setting setting) {
            try {
                return Integer.parseInt(text(setting));
            } catch (NumberFormatException e) {
                throw invalid(setting, layers.value(setting), "a whole number");
            }
        }

        Duration duration(Setting setting) {
            String value = text(setting).toLowerCase(Locale.ROOT);
            Duration duration = null;
            Matcher matcher = DURATION.matcher(value);
            if (matcher.matches()) {
                long amount = Long.parseLong(matcher.group(1));
                String unit = matcher.group(2);
                duration =
                        switch (unit.charAt(0)) {
                            case 'h' -> Duration.ofHours(amount);
                            case 'd' -> Duration.ofDays(amount);
                            case 's' -> Duration.ofSeconds(amount);
                            default ->
                                    unit.equals("ms")
                                            ? Duration.ofMillis(amount)
                                            : Duration.ofMinutes(amount);
                        };
            } else if (value.startsWith("p")) {
                try {
                    duration = Duration.parse(value.toUpperCase(Locale.ROOT));
                } catch (DateTimeParseException e) {
                    duration = null;
                }
            }
            if (duration == null || duration.isNegative() || duration.isZero()) {
                throw invalid(
                        setting, layers.value(setting), "a duration such as 5 s, 500 ms or 1 min");
            }
            return duration;
        }

        long size(Setting setting) {
            Matcher matcher = SIZE.matcher(text(setting).toLowerCase(Locale.ROOT));
            if (!matcher.matches() || Long.parseLong(matcher.group(1)) <= 0) {
                throw invalid(setting, layers.value(setting), "a size such as 12 mb or 65536");
            }
            long amount = Long.parseLong(matcher.group(1));
            String unit = matcher.group(2) == null ? "b" : matcher.group(2);
            // As Flink's sizes elsewhere in kubetrace: kb, mb and gb count in 1024s.
            return switch (unit.charAt(0)) {
                case 'k' -> amount << 10;
                case 'm' -> amount << 20;
                case 'g' -> amount << 30;
                default -> amount;
            };
        }

        String matching(Setting setting, Pattern pattern, String what) {
            String value = text(setting);
            if (!pattern.matcher(value).matches()) {
                throw invalid(setting, value, what);
            }
            return value;
        }

        String bootstrap() {
            String value = layers.value(Setting.KAFKA_BOOTSTRAP);
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(
                        "no Kafka to write to: give --kafka-bootstrap HOST:PORT, "
                                + Setting.KAFKA_BOOTSTRAP.envName()
                                + " or kafka.bootstrap-servers in the config file");
            }
            for (String server : value.split(",")) {
                if (!HOST_PORT.matcher(server.trim()).matches()) {
                    throw invalid(Setting.KAFKA_BOOTSTRAP, value, "HOST:PORT[,HOST:PORT...]");
                }
            }
            return value;
        }

        Optional<Path> path(Setting setting) {
            String value = layers.value(setting);
            return value == null || value.isBlank()
                    ? Optional.empty()
                    : Optional.of(Path.of(value));
        }

        Optional<Path> readableFile(Setting setting) {
            Optional<Path> path = path(setting);
            if (path.isPresent() && !Files.isReadable(path.get())) {
                throw invalid(setting, layers.value(setting), "a file that exists and can be read");
            }
            return path;
        }

        Map<String, String> kafkaProperties() {
            Map<String, String> properties = layers.map(Setting.KAFKA_PROPERTIES);
            for (String name : properties.keySet()) {
                if (OWN_PRODUCER_SETTINGS.containsKey(name)) {
                    throw new IllegalArgumentException(
                            "kafka.properties."
                                    + name
                                    + " (from "
                                    + layers.origin(Setting.KAFKA_PROPERTIES)
                                    + ") cannot be set: "
                                    + OWN_PRODUCER_SETTINGS.get(name));
                }
            }
            return properties;
        }

        Set<String> clusterNames() {
            Set<String> names = new LinkedHashSet<>();
            for (String name : layers.list(Setting.CLUSTERS_ALLOW)) {
                names.add(clusterName(Setting.CLUSTERS_ALLOW, name));
            }
            return names;
        }

        Map<String, String> clustersByIp() {
            Map<String, String> byIp = new LinkedHashMap<>();
            layers.map(Setting.CLUSTERS_BY_IP)
                    .forEach(
                            (ip, name) ->
                                    byIp.put(
                                            ipLiteral(ip),
                                            clusterName(Setting.CLUSTERS_BY_IP, name)));
            return byIp;
        }

        List<String> forwardUrls() {
            List<String> urls = layers.list(Setting.FORWARD_URLS);
            for (String url : urls) {
                URI uri;
                try {
                    uri = URI.create(url.replace(WebhookForwarder.CLUSTER_PLACEHOLDER, "cluster"));
                } catch (IllegalArgumentException e) {
                    throw invalid(Setting.FORWARD_URLS, url, "an http:// or https:// URL");
                }
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
                        || uri.getHost() == null) {
                    throw invalid(Setting.FORWARD_URLS, url, "an http:// or https:// URL");
                }
            }
            return urls;
        }

        private String clusterName(Setting setting, String name) {
            if (!ClusterResolver.isValidName(name)) {
                throw invalid(setting, name, ClusterResolver.NAME_RULE);
            }
            return name;
        }

        /** Written as the server sees the client's address, so a lookup is a plain map get. */
        private String ipLiteral(String ip) {
            // Only literals reach InetAddress, so it never looks a name up in DNS.
            boolean ipv4 =
                    IPV4.matcher(ip).matches()
                            && Arrays.stream(ip.split("\\."))
                                    .allMatch(o -> Integer.parseInt(o) < 256);
            if (!ipv4 && !ip.contains(":")) {
                throw invalid(Setting.CLUSTERS_BY_IP, ip, "an IP address");
            }
            try {
                return InetAddress.getByName(ip).getHostAddress();
            } catch (UnknownHostException e) {
                throw invalid(Setting.CLUSTERS_BY_IP, ip, "an IP address");
            }
        }

        private IllegalArgumentException invalid(Setting setting, String value, String expected) {
            return new IllegalArgumentException(
                    setting.key
                            + ": \""
                            + value
                            + "\" (from "
                            + layers.origin(setting)
                            + ") is not "
                            + expected);
        }
    }
}
