package io.kubetrace.gateway;

import java.util.Map;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real Kafka in this JVM: one KRaft node that is broker and controller, its consumer offsets in
 * one partition. Shared with the job's tests and the benchmarks through this module's test jar.
 */
public final class SingleKraftBroker {

    private SingleKraftBroker() {}

    /**
     * Formats and starts the node, and returns once it takes requests.
     *
     * @param settings broker settings on top of those a single node needs
     */
    public static KafkaClusterTestKit start(Map<String, String> settings) throws Exception {
        KafkaClusterTestKit.Builder builder =
                new KafkaClusterTestKit.Builder(
                                new TestKitNodes.Builder()
                                        .setCombined(true)
                                        .setNumBrokerNodes(1)
                                        .setNumControllerNodes(1)
                                        .build())
                        .setConfigProp("offsets.topic.replication.factor", "1")
                        .setConfigProp("offsets.topic.num.partitions", "1")
                        .setConfigProp("group.initial.rebalance.delay.ms", "0");
        settings.forEach(builder::setConfigProp);
        KafkaClusterTestKit broker = builder.build();
        broker.format();
        broker.startup();
        broker.waitForReadyBrokers();
        return broker;
    }
}
