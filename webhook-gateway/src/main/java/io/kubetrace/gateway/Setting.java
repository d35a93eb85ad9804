package io.kubetrace.gateway;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Every key the gateway reads, with its shape and default; {@link GatewaySettings} types them. */
enum Setting {
    LISTEN_HOST("listen.host", Shape.VALUE, "0.0.0.0"),
    LISTEN_PORT("listen.port", Shape.VALUE, "8080"),
    MAX_BODY("max-body", Shape.VALUE, "12 mb"),
    MAX_IN_FLIGHT("max-in-flight", Shape.VALUE, "16"),
    DRAIN_TIMEOUT("drain-timeout", Shape.VALUE, "20 s"),
    KAFKA_BOOTSTRAP("kafka.bootstrap-servers", Shape.VALUE, null),
    KAFKA_TOPIC("kafka.topic", Shape.VALUE, "kubetrace-audit"),
    KAFKA_DELIVERY_TIMEOUT("kafka.delivery-timeout", Shape.VALUE, "5 s"),
    KAFKA_MAX_BLOCK("kafka.max-block", Shape.VALUE, "2 s"),
    KAFKA_BUFFER_MEMORY("kafka.buffer-memory", Shape.VALUE, "32 mb"),
    // Just under the 1048588 bytes a topic takes by default (message.max.bytes), with room for
    // Kafka's framing of the record.
    KAFKA_MAX_RECORD_SIZE("kafka.max-record-size", Shape.VALUE, "1000000"),
    KAFKA_READY_INTERVAL("kafka.ready-interval", Shape.VALUE, "5 s"),
    KAFKA_PROPERTIES("kafka.properties", Shape.MAP, null),
    AUTH_TOKEN_FILE("auth.token-file", Shape.VALUE, null),
    TLS_CERT_FILE("tls.cert-file", Shape.VALUE, null),
    TLS_KEY_FILE("tls.key-file", Shape.VALUE, null),
    TLS_CLIENT_CA_FILE("tls.client-ca-file", Shape.VALUE, null),
    CLUSTERS_ALLOW("clusters.allow", Shape.LIST, null),
    CLUSTERS_BY_IP("clusters.by-ip", Shape.MAP, null),
    DUMP_FILE("dump.file", Shape.VALUE, null),
    FORWARD_URLS("forward.urls", Shape.LIST, null),
    FORWARD_TIMEOUT("forward.timeout", Shape.VALUE, "10 s"),
    FORWARD_MAX_IN_FLIGHT("forward.max-in-flight", Shape.VALUE, "64");

    /** A single value, a list (YAML list or comma-separated), or a map of names to values. */
    enum Shape {
        VALUE,
        LIST,
        MAP
    }

    static final String ENV_PREFIX = "KUBETRACE_";

    final String key;
    final Shape shape;

    /** The default as a user would write it, or null when the setting has none. */
    final String defaultValue;

    Setting(String key, Shape shape, String defaultValue) {
        this.key = key;
        this.shape = shape;
        this.defaultValue = defaultValue;
    }

    /** {@code kafka.bootstrap-servers} is read from {@code KUBETRACE_KAFKA_BOOTSTRAP_SERVERS}. */
    String envName() {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    static Optional<Setting> byKey(String key) {
        return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
    }

    /**
     * The map setting whose entries are written {@code <map key>.<entry>}, such as {@code
     * kafka.properties.linger.ms}.
     */
    static Optional<Setting> mapOf(String dottedKey) {
        return Arrays.stream(values())
                .filter(s -> s.shape == Shape.MAP && dottedKey.startsWith(s.key + "."))
                .findFirst();
    }

    /**
     * Whether some key lies under {@code prefix}, so a YAML map there is a section to descend into.
     */
    static boolean isSection(String prefix) {
        return Arrays.stream(values()).anyMatch(s -> s.key.startsWith(prefix + "."));
    }
}
