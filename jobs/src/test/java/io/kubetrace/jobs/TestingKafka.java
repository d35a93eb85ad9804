package io.kubetrace.jobs;

import io.kubetrace.gateway.SingleKraftBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;

/**
 * A real Kafka in this JVM: one KRaft node that is broker and controller, with a producer that
 * writes records in order, each acknowledged by the broker ({@code acks=all}).
 */
final class TestingKafka implements AutoCloseable {

    private final KafkaClusterTestKit cluster;
    private final Admin admin;
    private final KafkaProducer<String, String> producer;

    private TestingKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
        this.admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()));
        Properties producerConfig = new Properties();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        // Not idempotent, unlike the gateway's: right after a topic is created, its partition's
        // leader may refuse the first batch, and the sequence numbers of the batches behind it then
        // stall (OUT_OF_ORDER_SEQUENCE_NUMBER). One request at a time keeps the order as well.
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        producerConfig.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        this.producer =
                new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer());
    }

    static TestingKafka start() throws Exception {
        return start(Map.of());
    }

    /**
     * @param settings more broker settings, such as a short {@code broker.session.timeout.ms} for a
     *     broker that is stopped and started again: it registers anew only once its last session
     *     expired (9 s by default)
     */
    static TestingKafka start(Map<String, String> settings) throws Exception {
        return new TestingKafka(SingleKraftBroker.start(settings));
    }

    String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /**
     * Creates a topic that keeps its records forever: the test events are years old, and time-based
     * retention would delete them while the test runs.
     */
    void createTopic(String topic, int partitions) throws Exception {
        admin.createTopics(
                        List.of(
                                new NewTopic(topic, partitions, (short) 1)
                                        .configs(Map.of("retention.ms", "-1"))))
                .all()
                .get();
    }

    /** Writes the records, in order, and waits until the broker has them all. */
    List<RecordMetadata> send(List<ProducerRecord<String, String>> records) throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (ProducerRecord<String, String> record : records) {
            sent.add(producer.send(record));
        }
        producer.flush();
        List<RecordMetadata> written = new ArrayList<>();
        for (Future<RecordMetadata> future : sent) {
            written.add(future.get());
        }
        return written;
    }

    /** The values of every record in the topic, in order within each partition. */
    List<String> values(String topic) {
        return records(topic).stream().map(ConsumerRecord::value).toList();
    }

    /** Every record in the topic, in order within each partition. */
    List<ConsumerRecord<String, String>> records(String topic) {
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(
                        Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()),
                        new StringDeserializer(),
                        new StringDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic).stream()
                            .map(partition -> new TopicPartition(topic, partition.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
            return records;
        }
    }

    /** Stops the broker; the controller goes on, so the broker can be started again. */
    void stopBroker() {
        broker().shutdown();
    }

    void startBroker() {
        broker().startup();
    }

    private BrokerServer broker() {
        return cluster.brokers().values().iterator().next();
    }

    /** How many records of the topic the consumer group has committed, over all partitions. */
    long committed(String group) throws Exception {
        return admin
                .listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get()
                .values()
                .stream()
                .filter(offset -> offset != null)
                .mapToLong(OffsetAndMetadata::offset)
                .sum();
    }

    @Override
    public void close() throws Exception {
        producer.close();
        admin.close();
        cluster.close();
    }
}
