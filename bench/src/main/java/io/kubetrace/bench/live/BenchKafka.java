package io.kubetrace.bench.live;

import io.kubetrace.gateway.GatewaySettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

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
        KafkaClusterTestKit broker =
                new KafkaClusterTestKit.Builder(
                                new TestKitNodes.Builder()
                                        .setCombined(true)
                                        .setNumBrokerNodes(1)
                                        .setNumControllerNodes(1)
                                        .build())
                        .setConfigProp("offsets.topic.replication.factor", "1")
                        .setConfigProp("offsets.topic.num.partitions", "1")
                        .setConfigProp("group.initial.rebalance.delay.ms", "0")
                        .build();
        broker.format();
        broker.startup();
        broker.waitForReadyBrokers();
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
