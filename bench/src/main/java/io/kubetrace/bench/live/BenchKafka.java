package io.kubetrace.bench.live;

import io.kubetrace.gateway.GatewaySettings;
import io.kubetrace.gateway.SingleKraftBroker;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;

/**
 * The broker a live benchmark writes to: the one at a given address (such as {@code
 * scripts/kafka-local.sh}'s), or else a KRaft broker started in this JVM, so the benchmark needs
 * nothing installed.
 */
final class BenchKafka implements AutoCloseable {

    private final Optional<KafkaClusterTestKit> ownBroker;
    private final String bootstrapServers;
    private final Admin admin;

    private BenchKafka(Optional<KafkaClusterTestKit> ownBroker, String bootstrapServers) {
        this.ownBroker = ownBroker;
        this.bootstrapServers = bootstrapServers;
        this.admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers));
    }

    /** The broker at {@code bootstrapServers}, or one started here when it is empty. */
    static BenchKafka at(Optional<String> bootstrapServers) throws Exception {
        if (bootstrapServers.isPresent()) {
            return new BenchKafka(Optional.empty(), bootstrapServers.get());
        }
        KafkaClusterTestKit broker = SingleKraftBroker.start(Map.of());
        return new BenchKafka(Optional.of(broker), broker.bootstrapServers());
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    /** Where the broker runs, for the report. */
    String describe() {
        return ownBroker.isPresent()
                ? "a KRaft broker in the benchmark's JVM"
                : "the broker at " + bootstrapServers;
    }

    /** A gateway on a free port of 127.0.0.1 that stores into {@code topic} of this broker. */
    GatewaySettings gatewaySettings(String topic) {
        return GatewaySettings.resolve(
                Optional.empty(),
                Map.of(),
                Map.of(
                        "listen.host",
                        "127.0.0.1",
                        "listen.port",
                        "0",
                        "kafka.bootstrap-servers",
                        bootstrapServers,
                        "kafka.topic",
                        topic));
    }

    /** A new topic of the given partitions, one replica, as a one-broker cluster allows. */
    String createTopic(String prefix, int partitions) throws Exception {
        String topic = prefix + "-" + System.currentTimeMillis();
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        return topic;
    }

    /** Deletes a topic the benchmark made, so repeated runs do not fill a long-lived broker. */
    void deleteTopic(String topic) throws Exception {
        admin.deleteTopics(List.of(topic)).all().get();
    }

    @Override
    public void close() throws Exception {
        admin.close();
        if (ownBroker.isPresent()) {
            ownBroker.get().close();
        }
    }
}
