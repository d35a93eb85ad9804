package io.kubetrace.sources.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class KafkaAuditSettingsTest {

    @Test
    void defaultsToTheGatewaysTopicAndTheCommittedOffsetsOfTheKubetraceGroup() {
        Configuration config = new Configuration();
        assertThat(KafkaAuditSettings.isConfigured(config)).isFalse();
        config.set(KafkaAuditOptions.BOOTSTRAP_SERVERS, "kafka-0:9092,kafka-1:9092");

        KafkaAuditSettings settings = KafkaAuditSettings.from(config);

        assertThat(KafkaAuditSettings.isConfigured(config)).isTrue();
        assertThat(settings.topic()).isEqualTo("kubetrace-audit");
        assertThat(settings.groupId()).isEqualTo("kubetrace");
        assertThat(settings.startingOffsets()).isEqualTo(StartingOffsets.COMMITTED);
        assertThat(settings.backfillOverlap()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.properties()).isEmpty();
    }

    @Test
    void passesSecuritySettingsThroughButKeepsItsOwnBrokersAndGroup() {
        // As a configuration file writes them: nested keys under kafka.properties.
        Configuration config =
                Configuration.fromMap(
                        Map.of(
                                "kafka.bootstrap-servers", "kafka:9093",
                                "kafka.group-id", "tracing",
                                "kafka.properties.security.protocol", "SASL_SSL",
                                "kafka.properties.sasl.mechanism", "SCRAM-SHA-512",
                                "kafka.properties.group.id", "ignored"));

        KafkaAuditSettings settings = KafkaAuditSettings.from(config);

        assertThat(settings.consumerProperties())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("bootstrap.servers", "kafka:9093")
                .containsEntry("group.id", "tracing");
    }

    @Test
    void needsBrokers() {
        assertThatThrownBy(() -> KafkaAuditSettings.from(new Configuration()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("kafka.bootstrap-servers is not set");
    }
}
