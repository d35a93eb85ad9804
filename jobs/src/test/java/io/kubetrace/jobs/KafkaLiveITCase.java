package io.kubetrace.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubetrace.gateway.Gateway;
import io.kubetrace.gateway.GatewaySettings;
import io.kubetrace.model.Rejection;
import io.kubetrace.model.SpanRecord;
import io.kubetrace.sinks.RejectionLogSink;
import io.kubetrace.sources.audit.AuditEventParser;
import io.kubetrace.sources.audit.AuditFileSource;
import io.kubetrace.sources.audit.AuditFiles;
import io.kubetrace.sources.kafka.AuditFilesThenKafka;
import io.kubetrace.sources.kafka.KafkaAuditDeserializer;
import io.kubetrace.sources.kafka.KafkaAuditSettings;
import io.kubetrace.sources.kafka.KafkaAuditSource;
import io.kubetrace.sources.kafka.StartingOffsets;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live job reading audit events from a real Kafka broker (KRaft, in this JVM) on a Flink
 * MiniCluster. The real Falco captures, posted to the webhook gateway as kube-apiserver posts them
 * or written as the gateway writes them, come out as exactly the spans a backfill of the same files
 * makes: with a gateway retry, across a stop with a savepoint, and after audit files that overlap
 * the topic; a record that is not an audit event is rejected, and the job goes on.
 */
class KafkaLiveITCase {

    @RegisterExtension static final MiniClusterExtension FLINK = TestFlinkCluster.twoSlots();

    private static final String CLUSTER = "minikube";

    /** One partition for each of the job's two readers. */
    private static final int PARTITIONS = 2;

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static TestingKafka kafka;

    /** The Falco captures in the order a backfill reads them. */
    private static List<Path> falco;

    /** The spans a backfill of the Falco captures makes. */
    private static List<SpanRecord> backfilled;

    @TempDir Path directory;

    @BeforeAll
    static void startKafkaAndBackfillTheCaptures() throws Exception {
        kafka = TestingKafka.start();
        AuditEventParser parser = parser();
        falco =
                AuditFiles.oldestFirst(
                        AuditFiles.expand(List.of(SharedData.path("audit/falco"))),
                        parser,
                        1 << 20);
        StreamExecutionEnvironment env = environment(new Configuration());
        new BackfillJob(
                        new BackfillJob.Inputs(AuditFileSource.of(falco, parser, 1 << 20), null),
                        List.of(
                                new SpanOutput(
                                        "collect",
                                        "collect spans",
                                        CollectingSink.named("falco-backfill"),
                                        false)),
                        new RejectionLogSink(),
                        PipelineSettings.defaults(),
                        Duration.ofSeconds(5))
                .build(env);
        env.execute("falco backfill");
        backfilled = CollectingSink.collected("falco-backfill");
        // As BackfillITCase finds: 37 changes in 27 traces.
        assertThat(backfilled).hasSize(72);
        assertThat(backfilled.stream().map(SpanRecord::traceId).distinct()).hasSize(27);
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    @Test
    @Timeout(60)
    void tracesTheCapturesFromTheTopicAsABackfillDoes() throws Exception {
        String topic = topic("falco");
        kafka.send(GatewayRecords.of(topic, CLUSTER, falco));
        kafka.send(heartbeats(topic));

        JobClient job = start(kafka(topic), CollectingSink.named("falco-live"), null);
        List<SpanRecord> spans = awaitSpans("falco-live", backfilled.size());
        BackfillReport counts = stop(job);

        assertThat(spans).containsExactlyInAnyOrderElementsOf(backfilled);
        // 40 events and a heartbeat in each partition: 2 events and the heartbeats filtered,
        // 1 repeated audit ID, 37 traced, none late.
        assertThat(counts.read()).isEqualTo(42);
        assertThat(counts.rejected()).isZero();
        assertThat(counts.filtered()).isEqualTo(4);
        assertThat(counts.deduplicated()).isEqualTo(1);
        assertThat(counts.traced()).isEqualTo(37);
        assertThat(counts.late()).isZero();
    }

    @Test
    @Timeout(60)
    void tracesWhatKubeApiserverPostsToTheGateway() throws Exception {
        String topic = topic("webhook");
        try (Gateway gateway =
                Gateway.start(
                        GatewaySettings.resolve(
                                Optional.empty(),
                                Map.of(),
                                Map.of(
                                        "listen.host",
                                        "127.0.0.1",
                                        "listen.port",
                                        "0",
                                        "kafka.bootstrap-servers",
                                        kafka.bootstrapServers(),
                                        "kafka.topic",
                                        topic)))) {
            // kube-apiserver's batch backend: EventLists, in order, one batch at a time.
            URI webhook = URI.create("http://127.0.0.1:" + gateway.port() + "/audit/" + CLUSTER);
            for (List<Path> batch : batches(falco, 7)) {
                HttpResponse<String> answer =
                        HTTP.send(
                                HttpRequest.newBuilder(webhook)
                                        .POST(BodyPublishers.ofString(eventList(batch)))
                                        .build(),
                                BodyHandlers.ofString());
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            }
        }
        kafka.send(heartbeats(topic));

        JobClient job = start(kafka(topic), CollectingSink.named("webhook"), null);
        List<SpanRecord> spans = awaitSpans("webhook", backfilled.size());
        BackfillReport counts = stop(job);

        assertThat(spans).containsExactlyInAnyOrderElementsOf(backfilled);
        assertThat(counts.read()).isEqualTo(42);
        assertThat(counts.rejected()).isZero();
        assertThat(counts.traced()).isEqualTo(37);
    }

    @Test
    @Timeout(60)
    void eventsTheGatewayWroteTwiceAreTracedOnce() throws Exception {
        String topic = topic("retry");
        kafka.send(GatewayRecords.of(topic, CLUSTER, falco));
        // kube-apiserver got no answer in time and sent every batch again.
        kafka.send(GatewayRecords.of(topic, CLUSTER, falco));
        kafka.send(heartbeats(topic));

        JobClient job = start(kafka(topic), CollectingSink.named("retry"), null);
        List<SpanRecord> spans = awaitSpans("retry", backfilled.size());
        BackfillReport counts = stop(job);

        assertThat(spans).containsExactlyInAnyOrderElementsOf(backfilled);
        // The repeats of the 2 events the filter drops are dropped there too.
        assertThat(counts.read()).isEqualTo(82);
        assertThat(counts.filtered()).isEqualTo(2 * 2 + PARTITIONS);
        assertThat(counts.deduplicated()).isEqualTo(40 - 2 + 1);
        assertThat(counts.traced()).isEqualTo(37);
        assertThat(counts.late()).isZero();
    }

    @Test
    @Timeout(90)
    void aJobStoppedWithASavepointAndRestoredTracesEveryEventOnce() throws Exception {
        String topic = topic("restore");
        List<ProducerRecord<String, String>> records = GatewayRecords.of(topic, CLUSTER, falco);
        int half = records.size() / 2;
        kafka.send(records.subList(0, half));

        CollectingSink<SpanRecord> sink = CollectingSink.named("restore");
        JobClient first = start(kafka(topic), sink, null);
        // A checkpoint that completes commits the offsets read to the group: then the job has
        // read everything written so far, and waits for more.
        awaitCommitted(groupOf(topic), half);
        String savepoint =
                first.stopWithSavepoint(
                                false,
                                directory.resolve("savepoints").toUri().toString(),
                                SavepointFormatType.CANONICAL)
                        .get();
        BackfillReport before = BackfillReport.of(first.getJobExecutionResult().get(), 0);

        // What the gateway writes while the job is stopped.
        kafka.send(records.subList(half, records.size()));
        kafka.send(heartbeats(topic));
        JobClient restored = start(kafka(topic), sink, savepoint);
        List<SpanRecord> spans = awaitSpans("restore", backfilled.size());
        BackfillReport after = stop(restored);

        assertThat(spans).containsExactlyInAnyOrderElementsOf(backfilled);
        assertThat(before.read()).as("read before the stop").isEqualTo(half);
        assertThat(before.read() + after.read())
                .as("every record read once, before or after the restore")
                .isEqualTo(42);
        assertThat(before.deduplicated() + after.deduplicated()).isEqualTo(1);
        assertThat(before.traced() + after.traced()).isEqualTo(37);
        assertThat(before.late() + after.late()).isZero();
    }

    @Test
    @Timeout(60)
    void auditFilesThenTheTopicTraceEveryEventOnceAcrossTheSeam() throws Exception {
        // The files hold the captures up to the creation of a ConfigMap (13:13:03.5); the topic
        // holds all of them, as the gateway wrote them live.
        Path files = Files.createDirectory(directory.resolve("files"));
        int inFiles = 17;
        for (Path file : falco.subList(0, inFiles)) {
            Files.copy(file, files.resolve(file.getFileName()));
        }
        String topic = topic("seam");
        kafka.send(GatewayRecords.of(topic, CLUSTER, falco));
        kafka.send(heartbeats(topic));
        AuditEventParser parser = parser();
        List<Path> ordered =
                AuditFiles.oldestFirst(AuditFiles.expand(List.of(files)), parser, 1 << 20);
        AuditFilesThenKafka source =
                AuditFilesThenKafka.of(ordered, parser, 1 << 20, settings(topic));
        assertThat(source.topicFrom().orElseThrow()).hasToString("2018-10-26T13:08:03.544952Z");

        JobClient job =
                start(
                        LiveJob.AuditInput.filesThenKafka(source),
                        CollectingSink.named("seam"),
                        null);
        List<SpanRecord> spans = awaitSpans("seam", backfilled.size());
        BackfillReport counts = stop(job);

        assertThat(spans).containsExactlyInAnyOrderElementsOf(backfilled);
        // The topic is read from 5 minutes before the end of the files: the deletion of the
        // Deployment (13:09:27) onwards, 27 events. The 4 of them the files hold too are
        // dropped as repeats, as is the one repeated audit ID of the captures.
        assertThat(counts.read()).isEqualTo(inFiles + 27 + PARTITIONS);
        assertThat(counts.deduplicated()).isEqualTo(1 + 4);
        assertThat(counts.traced()).isEqualTo(37);
        assertThat(counts.late()).isZero();
    }

    @Test
    @Timeout(60)
    void aRecordThatIsNoAuditEventIsRejectedAndTheJobGoesOn() throws Exception {
        String topic = topic("malformed");
        String key = CLUSTER + "/default";
        List<ProducerRecord<String, String>> captured =
                GatewayRecords.of(
                        topic,
                        CLUSTER,
                        List.of(
                                SharedData.path("audit/falco/create_deployment.json"),
                                SharedData.path("audit/falco/delete_deployment.json")));
        List<RecordMetadata> written =
                kafka.send(
                        List.of(
                                captured.get(0),
                                new ProducerRecord<>(topic, key, "{\"kind\": \"Event\", \"verb"),
                                new ProducerRecord<>(topic, key, null),
                                new ProducerRecord<>(topic, key, "{\"kind\": \"Event\"}"),
                                captured.get(1)));
        kafka.send(heartbeats(topic));

        JobClient job =
                start(
                        kafka(topic),
                        CollectingSink.named("malformed"),
                        null,
                        CollectingSink.named("malformed-rejected"));
        List<SpanRecord> spans = awaitSpans("malformed", 3);
        BackfillReport counts = stop(job);

        assertThat(TraceOutline.of(spans))
                .isEqualTo(
                        "deployments default/nginx-deployment\n"
                                + "  minikube-user create\n"
                                + "  minikube-user delete\n");
        String location = KafkaAuditDeserializer.location(topic, written.get(1).partition());
        assertThat(CollectingSink.<Rejection>collected("malformed-rejected"))
                .extracting(Rejection::source, Rejection::line, Rejection::reason)
                .containsExactly(
                        tuple(
                                location,
                                written.get(1).offset(),
                                "not JSON: Unexpected end-of-input in field name"),
                        tuple(location, written.get(2).offset(), "empty record: no audit event"),
                        tuple(location, written.get(3).offset(), "missing auditID"));
        assertThat(counts.read()).isEqualTo(5 + PARTITIONS);
        assertThat(counts.rejected()).isEqualTo(3);
        assertThat(counts.traced()).isEqualTo(2);
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static List<List<Path>> batches(List<Path> files, int size) {
        List<List<Path>> batches = new ArrayList<>();
        for (int from = 0; from < files.size(); from += size) {
            batches.add(files.subList(from, Math.min(files.size(), from + size)));
        }
        return batches;
    }

    /** The captured events of the files as the EventList a webhook batch carries. */
    private static String eventList(List<Path> files) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode list = json.createObjectNode();
        list.put("kind", "EventList").put("apiVersion", "audit.k8s.io/v1");
        ArrayNode items = list.putArray("items");
        for (Path file : files) {
            items.add(json.readTree(file.toFile()));
        }
        return json.writeValueAsString(list);
    }

    private static AuditEventParser parser() {
        return new AuditEventParser(CLUSTER, 64 * 1024);
    }

    private static String topic(String name) throws Exception {
        kafka.createTopic(name, PARTITIONS);
        return name;
    }

    private static KafkaAuditSettings settings(String topic) {
        return new KafkaAuditSettings(
                kafka.bootstrapServers(),
                topic,
                groupOf(topic),
                StartingOffsets.EARLIEST,
                Map.of(),
                Duration.ofMinutes(5));
    }

    private static String groupOf(String topic) {
        return "kubetrace-" + topic;
    }

    private static LiveJob.AuditInput kafka(String topic) {
        return LiveJob.AuditInput.kafka(KafkaAuditSource.of(settings(topic), parser()));
    }

    /** A current event in each partition, as a live cluster keeps sending. */
    private static List<ProducerRecord<String, String>> heartbeats(String topic) {
        List<ProducerRecord<String, String>> heartbeats = new ArrayList<>();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            heartbeats.add(GatewayRecords.heartbeat(topic, partition, CLUSTER));
        }
        return heartbeats;
    }

    private static JobClient start(
            LiveJob.AuditInput audits, CollectingSink<SpanRecord> spans, String savepoint)
            throws Exception {
        return start(audits, spans, savepoint, new RejectionLogSink());
    }

    private static JobClient start(
            LiveJob.AuditInput audits,
            CollectingSink<SpanRecord> spans,
            String savepoint,
            Sink<Rejection> rejected)
            throws Exception {
        Configuration config = new Configuration();
        config.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(200));
        if (savepoint != null) {
            config.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        StreamExecutionEnvironment env = environment(config);
        new LiveJob(
                        new LiveJob.Inputs(audits, null),
                        List.of(new SpanOutput("collect", "collect spans", spans, false)),
                        rejected,
                        PipelineSettings.defaults(),
                        new LiveSettings(
                                Duration.ofMillis(500),
                                Duration.ofSeconds(3),
                                Duration.ofSeconds(5),
                                Duration.ofSeconds(30)))
                .build(env);
        return env.executeAsync("kafka live test");
    }

    private static StreamExecutionEnvironment environment(Configuration config) {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        KubetraceEnvironment.essentials(config));
        env.setParallelism(2);
        return env;
    }

    /** Waits for the spans; a few moments more, so that a duplicate would have come too. */
    private static List<SpanRecord> awaitSpans(String sink, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (CollectingSink.collected(sink).size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "spans so far: "
                                + TraceOutline.of(CollectingSink.<SpanRecord>collected(sink)));
            }
            Thread.sleep(50);
        }
        Thread.sleep(500);
        return CollectingSink.collected(sink);
    }

    private static void awaitCommitted(String group, long records) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (kafka.committed(group) < records) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("committed so far: " + kafka.committed(group));
            }
            Thread.sleep(50);
        }
    }

    /** Stops the job with a savepoint, which ends it, so that its counts can be read. */
    private BackfillReport stop(JobClient job) throws Exception {
        job.stopWithSavepoint(
                        false,
                        directory.resolve("final-savepoints").toUri().toString(),
                        SavepointFormatType.CANONICAL)
                .get();
        return BackfillReport.of(job.getJobExecutionResult().get(), 0);
    }
}
