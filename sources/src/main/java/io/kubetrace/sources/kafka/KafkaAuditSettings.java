package io.kubetrace.sources.kafka;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * Where the audit topic is and how it is read, from {@link KafkaAuditOptions}.
 *
 * @param properties Kafka consumer properties passed through (security settings and the like)
 */
public record KafkaAuditSettings(
        String bootstrapServers,
        String topic,
        String groupId,
        StartingOffsets startingOffsets,
        Map<String, String> properties,
        Duration backfillOverlap)
        implements Serializable {

    public KafkaAuditSettings {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("kafka.bootstrap-servers is not set");
        }
        if (topic.isBlank() || groupId.isBlank()) {
            throw new IllegalArgumentException("kafka.topic and kafka.group-id must not be empty");
        }
        if (backfillOverlap.isNegative()) {
            throw new IllegalArgumentException(
                    "kafka.backfill-overlap must not be negative: " + backfillOverlap);
        }
        properties = Map.copyOf(properties);
    }

    /**
     * Whether the configuration names Kafka brokers, that is, whether the job reads audit events.
     */
    public static boolean isConfigured(ReadableConfig config) {
        return config.getOptional(KafkaAuditOptions.BOOTSTRAP_SERVERS)
                .filter(servers -> !servers.isBlank())
                .isPresent();
    }

    /**
     * @throws IllegalArgumentException when no brokers are configured
     */
    public static KafkaAuditSettings from(ReadableConfig config) {
        return new KafkaAuditSettings(
                config.getOptional(KafkaAuditOptions.BOOTSTRAP_SERVERS).orElse(null),
                config.get(KafkaAuditOptions.TOPIC),
                config.get(KafkaAuditOptions.GROUP_ID),
                config.get(KafkaAuditOptions.STARTING_OFFSETS),
                config.get(KafkaAuditOptions.PROPERTIES),
                config.get(KafkaAuditOptions.BACKFILL_OVERLAP));
    }

    /** The consumer's properties: those passed through, under the brokers and group set here. */
    Properties consumerProperties() {
        Properties consumer = new Properties();
        consumer.putAll(properties);
        consumer.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumer.setProperty(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        return consumer;
    }
}
