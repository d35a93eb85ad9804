package io.kubetrace.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class GatewayTest {

    @Test
    void producerWaitsForEveryInSyncReplicaWritesOnceAndFailsWithinTheDeliveryTimeout() {
        GatewaySettings settings =
                TestSettings.with(
                        "kafka.delivery-timeout", "4 s",
                        "kafka.max-block", "1 s",
                        "kafka.properties.compression.type", "zstd",
                        "kafka.properties.security.protocol", "SSL");

        assertThat(Gateway.producerConfig(settings))
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092")
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 4000)
                .containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000)
                .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000L)
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd")
                .containsEntry("security.protocol", "SSL")
                .containsEntry(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1 << 20);
    }

    @Test
    void producerTakesARecordOfTheMaxRecordSize() {
        assertThat(Gateway.producerConfig(TestSettings.with("kafka.max-record-size", "4 mb")))
                .containsEntry(
                        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                        (4 << 20) + GatewaySettings.RECORD_OVERHEAD);
        assertThat(
                        Gateway.producerConfig(
                                TestSettings.with(
                                        "kafka.max-record-size", "150000",
                                        "kafka.properties.max.request.size", "8388608")))
                .containsEntry(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8388608);
        // The largest an int takes, as Kafka's setting is; GatewaySettings refuses more.
        assertThat(
                        Gateway.producerConfig(
                                TestSettings.with(
                                        "kafka.properties.max.request.size", "2147483647")))
                .containsEntry(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.MAX_VALUE);
    }
}
