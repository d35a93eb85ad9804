package io.kubetrace.gateway;

import static io.kubetrace.gateway.AuditCaptures.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import javax.net.ssl.SSLContext;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway on 127.0.0.1 in front of a real in-process Kafka (KRaft), fed the real Falco audit
 * captures the way kube-apiserver's webhook backend sends them: EventList batches, sent again after
 * a 503.
 */
class GatewayITCase {

    private static final List<ObjectNode> FALCO = AuditCaptures.falcoEvents();
    private static final String TOKEN = "kube-apiserver-token";
    private static final int SMALL_TOPIC_BYTES = 200000;

    private static KafkaClusterTestKit kafka;
    @TempDir static Path dir;
    private static Path tokens;

    private final HttpClient http = client(null);

    @BeforeAll
    static void startKafka() throws Exception {
        kafka =
                SingleKraftBroker.start(
                        Map.of(
                                // A restarted broker registers once its last session expired
                                // (default 9 s).
                                "broker.session.timeout.ms", "2000",
                                "broker.heartbeat.interval.ms", "200",
                                // The gateway must not rely on the broker creating its topic.
                                "auto.create.topics.enable", "false"));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(
                            List.of(
                                    new NewTopic("audit-restart", 3, (short) 1),
                                    new NewTopic("audit-refused", 3, (short) 1),
                                    new NewTopic("audit-drained", 1, (short) 1),
                                    new NewTopic("audit-mtls", 1, (short) 1),
                                    new NewTopic("audit-dumped", 1, (short) 1),
                                    new NewTopic("audit-forwarded", 1, (short) 1),
                                    // Takes less than the default kafka.max-record-size.
                                    new NewTopic("audit-small", 1, (short) 1)
                                            .configs(
                                                    Map.of(
                                                            "max.message.bytes",
                                                            String.valueOf(SMALL_TOPIC_BYTES)))))
                    .all()
                    .get();
        }
        tokens = Files.writeString(dir.resolve("tokens"), TOKEN + "\n");
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    @Test
    void storesEveryCapturedEventExactlyOnceWhileTheBrokerStopsAndComesBack() throws Exception {
        BrokerServer broker = kafka.brokers().values().iterator().next();
        List<List<ObjectNode>> batches = AuditCaptures.batches(FALCO, 4);
        int unavailable = 0;
        try (Gateway gateway =
                start(
                        "kafka.topic", "audit-restart",
                        "auth.token-file", tokens.toString(),
                        "kafka.delivery-timeout", "1500 ms",
                        "kafka.max-block", "1 s",
                        "kafka.ready-interval", "200 ms")) {
            await(() -> get(gateway, "/readyz").statusCode(), status -> status == 200);

            for (int i = 0; i < batches.size(); i++) {
                if (i == 4) {
                    broker.shutdown();
                }
                byte[] body = AuditCaptures.eventList(batches.get(i));
                // As kube-apiserver's batch backend: the same batch again after a 503, with
                // backoff.
                HttpResponse<String> response;
                while ((response = post(gateway, "/audit/minikube", body, TOKEN)).statusCode()
                        != 200) {
                    assertThat(response.statusCode()).isEqualTo(503);
                    assertThat(response.body()).startsWith("Kafka did not store the batch: ");
                    // Without it kube-apiserver would drop the batch rather than send it again.
                    assertThat(response.headers().firstValue("Retry-After")).contains("1");
                    unavailable++;
                    if (unavailable == 1) {
                        await(
                                () -> get(gateway, "/readyz").body(),
                                b -> b.startsWith("Kafka unreachable"));
                    } else if (unavailable == 2) {
                        broker.startup();
                    }
                    Thread.sleep(200);
                }
                assertThat(response.body())
                        .isEqualTo("stored " + batches.get(i).size() + " events\n");
            }

            assertThat(unavailable).isGreaterThanOrEqualTo(2);
            assertThat(get(gateway, "/metrics").body())
                    .contains("kubetrace_gateway_events_total{cluster=\"minikube\"} 40.0")
                    .contains(
                            "kubetrace_gateway_requests_total{cluster=\"minikube\",code=\"200\"}"
                                    + " 10.0")
                    .contains(
                            "kubetrace_gateway_requests_total{cluster=\"minikube\",code=\"503\"} "
                                    + (double) unavailable)
                    .contains(
                            "kubetrace_gateway_rejected_requests_total{reason=\"kafka-unavailable\"}"
                                + " "
                                    + (double) unavailable);
        }

        List<ConsumerRecord<String, String>> records = records("audit-restart");
        assertThat(values(records))
                .containsExactlyInAnyOrderElementsOf(
                        FALCO.stream().map(e -> AuditCaptures.withCluster(e, "minikube")).toList());
        for (ConsumerRecord<String, String> record : records) {
            JsonNode event = JSON.readTree(record.value());
            assertThat(record.key())
                    .isEqualTo("minikube/" + event.path("objectRef").path("namespace").asText(""));
        }
        // Each cluster/namespace is one key, so its events keep the order kube-apiserver sent.
        List<String> sent = FALCO.stream().map(e -> e.toString()).toList();
        for (int partition = 0; partition < 3; partition++) {
            int p = partition;
            List<Integer> positions =
                    records.stream()
                            .filter(r -> r.partition() == p)
                            .map(r -> sent.indexOf(withoutCluster(r.value())))
                            .toList();
            assertThat(positions).isSorted();
        }
    }

    @Test
    void drainsTheBatchUnderWayWhenStoppedAndRefusesNewOnes() throws Exception {
        BrokerServer broker = kafka.brokers().values().iterator().next();
        Gateway gateway =
                start(
                        "kafka.topic", "audit-drained",
                        // Long enough that the batch waits for the broker to return, whether
                        // the producer still knows the partition's leader or waits to learn it.
                        "kafka.delivery-timeout", "20 s",
                        "kafka.max-block", "20 s",
                        "kafka.ready-interval", "200 ms",
                        "drain-timeout", "20 s");
        CompletableFuture<Void> stopped;
        try {
            // Kafka has told the producer where the topic lives; then the broker goes away.
            assertThat(post(gateway, "/audit/minikube", body(1), null).statusCode()).isEqualTo(200);
            broker.shutdown();
            CompletableFuture<HttpResponse<String>> underWay =
                    http.sendAsync(
                            request(gateway, "/audit/minikube", null)
                                    .POST(publisher(AuditCaptures.eventList(FALCO.subList(1, 5))))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            await(
                    () -> get(gateway, "/metrics").body(),
                    m -> m.contains("kubetrace_gateway_in_flight_requests 1.0"));

            // SIGTERM: the command's shutdown hook closes the gateway.
            stopped = CompletableFuture.runAsync(gateway::close);
            await(() -> get(gateway, "/readyz").body(), b -> b.equals("shutting down\n"));
            HttpResponse<String> late = post(gateway, "/audit/minikube", body(1), null);
            broker.startup();

            assertThat(late.statusCode()).isEqualTo(503);
            assertThat(late.body()).isEqualTo("the gateway is shutting down\n");
            // So kube-apiserver's next batch opens a connection to another replica.
            assertThat(late.headers().firstValue("Connection")).contains("close");
            assertThat(underWay.get(30, TimeUnit.SECONDS).body()).isEqualTo("stored 4 events\n");
            stopped.get(30, TimeUnit.SECONDS);
        } finally {
            gateway.close();
        }
        assertThat(values(records("audit-drained")))
                .containsExactlyElementsOf(
                        FALCO.subList(0, 5).stream()
                                .map(e -> (JsonNode) AuditCaptures.withCluster(e, "minikube"))
                                .toList());
    }

    @Test
    void refusesWhatItMustNotStoreSaysWhyCountsItAndStoresNothing() throws Exception {
        byte[] large = AuditCaptures.eventList(FALCO);
        assertThat(large.length).isGreaterThan(64 * 1024);
        try (Gateway gateway =
                start(
                        "kafka.topic", "audit-refused",
                        "auth.token-file", tokens.toString(),
                        "clusters.allow", "minikube",
                        "max-body", "64 kb")) {
            HttpResponse<String> malformed =
                    post(
                            gateway,
                            "/audit/minikube",
                            "{\"kind\":\"EventList\",\"items\":[".getBytes(),
                            TOKEN);
            HttpResponse<String> oversized = post(gateway, "/audit/minikube", large, TOKEN);
            HttpResponse<String> oversizedChunks =
                    send(
                            http,
                            request(gateway, "/audit/minikube", TOKEN)
                                    .POST(
                                            HttpRequest.BodyPublishers.ofInputStream(
                                                    () -> new ByteArrayInputStream(large)))
                                    .build());
            // Far over the limit: answered at once and the connection closed, maybe while the
            // client still sends; counted either way.
            byte[] huge =
                    AuditCaptures.eventList(
                            Collections.nCopies(5, FALCO).stream().flatMap(List::stream).toList());
            try {
                assertThat(post(gateway, "/audit/minikube", huge, TOKEN).statusCode())
                        .isEqualTo(413);
            } catch (IOException closedWhileSending) {
                assertThat(huge.length).isGreaterThan(4 * 64 * 1024);
            }
            HttpResponse<String> anonymous = post(gateway, "/audit/minikube", body(2), null);
            HttpResponse<String> wrongToken = post(gateway, "/audit/minikube", body(2), "guess");
            HttpResponse<String> wrongCluster = post(gateway, "/audit/prod-us", body(2), TOKEN);
            HttpResponse<String> notPosted = get(gateway, "/audit/minikube");
            HttpResponse<String> elsewhere = get(gateway, "/audit/minikube/events");

            assertThat(malformed.statusCode()).isEqualTo(400);
            assertThat(malformed.body())
                    .startsWith(
                            "the body is not JSON: Unexpected end-of-input: expected close marker"
                                    + " for Array");
            assertThat(oversized.statusCode()).isEqualTo(413);
            assertThat(oversized.body()).isEqualTo("the body is over the limit of 65536 bytes\n");
            assertThat(oversizedChunks.statusCode()).isEqualTo(413);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).contains("Bearer");
            assertThat(wrongToken.statusCode()).isEqualTo(401);
            assertThat(wrongToken.body()).isEqualTo("invalid bearer token\n");
            assertThat(wrongCluster.statusCode()).isEqualTo(403);
            assertThat(wrongCluster.body())
                    .isEqualTo("cluster \"prod-us\" (from the path) is not in clusters.allow\n");
            assertThat(notPosted.statusCode()).isEqualTo(405);
            assertThat(elsewhere.statusCode()).isEqualTo(404);
            assertThat(get(gateway, "/healthz").statusCode()).isEqualTo(200);
            assertThat(gateway.describe())
                    .isEqualTo(
                            "kubetrace gateway: listening on http://127.0.0.1:"
                                    + gateway.port()
                                    + " (POST /audit, /audit/{cluster}), storing audit events in"
                                    + " Kafka topic audit-refused at "
                                    + kafka.bootstrapServers());
            assertThat(get(gateway, "/metrics").body())
                    .contains("kubetrace_gateway_rejected_requests_total{reason=\"malformed\"} 1.0")
                    .contains("kubetrace_gateway_rejected_requests_total{reason=\"too-large\"} 3.0")
                    .contains(
                            "kubetrace_gateway_rejected_requests_total{reason=\"unauthenticated\"}"
                                    + " 2.0")
                    .contains(
                            "kubetrace_gateway_rejected_requests_total{reason=\"wrong-cluster\"}"
                                    + " 1.0")
                    .doesNotContain("kubetrace_gateway_events_total");
            assertThat(records("audit-refused")).isEmpty();

            // The same gateway stores a good batch: nothing above was lost by accident.
            assertThat(post(gateway, "/audit/minikube", body(2), TOKEN).statusCode())
                    .isEqualTo(200);
        }
        assertThat(records("audit-refused")).hasSize(2);
    }

    @Test
    void namesTheClusterAfterTheVerifiedClientCertificate() throws Exception {
        TestCertificates.Identity server = TestCertificates.create(dir, "gateway");
        TestCertificates.Identity apiserver = TestCertificates.create(dir, "prod-eu");
        TestCertificates.Identity unknown = TestCertificates.create(dir, "prod-us");
        try (Gateway gateway =
                start(
                        "kafka.topic", "audit-mtls",
                        "tls.cert-file", server.certificate().toString(),
                        "tls.key-file", server.privateKey().toString(),
                        "tls.client-ca-file", apiserver.certificate().toString(),
                        "auth.token-file", tokens.toString())) {
            HttpClient withCertificate = client(apiserver.clientContext(server));
            HttpClient withoutCertificate = client(server.trustingContext());
            HttpClient untrusted = client(unknown.clientContext(server));

            HttpResponse<String> mutual =
                    send(
                            withCertificate,
                            request(gateway, "/audit", null).POST(publisher(body(2))).build());
            HttpResponse<String> anonymous =
                    send(
                            withoutCertificate,
                            request(gateway, "/audit", null).POST(publisher(body(1))).build());
            HttpResponse<String> token =
                    send(
                            withoutCertificate,
                            request(gateway, "/audit", TOKEN).POST(publisher(body(1))).build());
            // A certificate the client CA did not sign proves nothing: the request needs a token.
            HttpResponse<String> stranger =
                    send(
                            untrusted,
                            request(gateway, "/audit", null).POST(publisher(body(1))).build());

            assertThat(gateway.describe()).contains("https://127.0.0.1:" + gateway.port());
            assertThat(mutual.statusCode()).isEqualTo(200);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.body()).isEqualTo("bearer token or client certificate required\n");
            assertThat(token.statusCode()).isEqualTo(200);
            assertThat(stranger.statusCode()).isEqualTo(401);
        }
        // Without a token file a client certificate is required: no handshake without one.
        try (Gateway gateway =
                start(
                        "kafka.topic", "audit-mtls",
                        "tls.cert-file", server.certificate().toString(),
                        "tls.key-file", server.privateKey().toString(),
                        "tls.client-ca-file", apiserver.certificate().toString())) {
            HttpRequest request =
                    request(gateway, "/audit", TOKEN).POST(publisher(body(1))).build();
            assertThatThrownBy(() -> send(client(server.trustingContext()), request))
                    .isInstanceOf(IOException.class);
        }
        assertThat(records("audit-mtls"))
                .extracting(ConsumerRecord::key)
                .containsExactly("prod-eu/", "prod-eu/default", "127.0.0.1/");
    }

    @Test
    void dumpsAndForwardsStoredBatchesWithoutHoldingTheAnswer() throws Exception {
        Path dump = dir.resolve("audit.jsonl");
        try (Gateway downstream = start("kafka.topic", "audit-forwarded");
                Gateway gateway =
                        start(
                                "kafka.topic",
                                "audit-dumped",
                                "dump.file",
                                dump.toString(),
                                "forward.urls",
                                "http://127.0.0.1:" + downstream.port() + "/audit/{cluster}")) {
            List<ObjectNode> batch = FALCO.subList(8, 12);

            HttpResponse<String> response =
                    post(gateway, "/audit/minikube", AuditCaptures.eventList(batch), null);

            assertThat(response.statusCode()).isEqualTo(200);
            List<JsonNode> expected =
                    batch.stream()
                            .map(e -> (JsonNode) AuditCaptures.withCluster(e, "minikube"))
                            .toList();
            await(() -> records("audit-forwarded").size(), size -> size == batch.size());
            assertThat(values(records("audit-forwarded"))).containsExactlyElementsOf(expected);
            await(
                    () -> get(gateway, "/metrics").body(),
                    metrics ->
                            metrics.contains(
                                    "kubetrace_gateway_forward_requests_total{result=\"success\""));
        }
        List<JsonNode> dumped = new ArrayList<>();
        for (String line : Files.readAllLines(dump)) {
            dumped.add(JSON.readTree(line));
        }
        assertThat(dumped)
                .containsExactlyElementsOf(
                        IntStream.range(8, 12)
                                .mapToObj(
                                        i ->
                                                (JsonNode)
                                                        AuditCaptures.withCluster(
                                                                FALCO.get(i), "minikube"))
                                .toList());
        assertThat(values(records("audit-dumped"))).containsExactlyElementsOf(dumped);
    }

    @Test
    void trimsEventsOverTheRecordSizeAndAnswers413ForEventsNoTopicTakes() throws Exception {
        ObjectNode large = AuditCaptures.largeConfigMap("large-1", 100000, 90000);
        ObjectNode huge = AuditCaptures.largeConfigMap("huge-1", 100, 100);
        ((ObjectNode) huge.get("annotations")).put("example.com/notes", "n".repeat(160000));
        // Under kafka.max-record-size of the second gateway, over the topic's max.message.bytes.
        ObjectNode overTheTopic = AuditCaptures.largeConfigMap("over-topic-1", 250000, 100);
        try (Gateway gateway =
                        start("kafka.topic", "audit-small", "kafka.max-record-size", "150000");
                Gateway overTopic =
                        start("kafka.topic", "audit-small", "kafka.max-record-size", "300000")) {
            HttpResponse<String> trimmed =
                    post(
                            gateway,
                            "/audit/minikube",
                            AuditCaptures.eventList(List.of(FALCO.get(0), large, FALCO.get(1))),
                            null);
            HttpResponse<String> tooLarge =
                    post(
                            gateway,
                            "/audit/minikube",
                            AuditCaptures.eventList(List.of(FALCO.get(2), huge, FALCO.get(3))),
                            null);
            HttpResponse<String> refused =
                    post(
                            overTopic,
                            "/audit/minikube",
                            AuditCaptures.eventList(
                                    List.of(FALCO.get(4), overTheTopic, FALCO.get(5))),
                            null);
            HttpResponse<String> after = post(overTopic, "/audit/minikube", body(1), null);

            assertThat(trimmed.body()).isEqualTo("stored 3 events\n");
            assertThat(get(gateway, "/metrics").body())
                    .contains("kubetrace_gateway_events_trimmed_total{cluster=\"minikube\"} 1.0")
                    .contains(
                            "kubetrace_gateway_rejected_requests_total{reason=\"event-too-large\"}"
                                    + " 1.0");
            assertThat(tooLarge.statusCode()).isEqualTo(413);
            assertThat(tooLarge.body())
                    .startsWith("items[1] (auditID huge-1) is ")
                    .endsWith("; the batch's other 2 events were stored\n");
            assertThat(refused.statusCode()).isEqualTo(413);
            assertThat(refused.body())
                    .startsWith("Kafka refused items[1] (auditID over-topic-1) of ")
                    .contains(
                            "the max.message.bytes of topic audit-small is below"
                                    + " kafka.max-record-size plus Kafka's framing (301024 bytes)")
                    .endsWith("; the batch's other 2 events were stored\n");
            assertThat(after.statusCode()).isEqualTo(200);
            assertThat(get(overTopic, "/metrics").body())
                    .contains(
                            "kubetrace_gateway_rejected_events_total{reason=\"event-too-large\"}"
                                    + " 1.0");
        }
        List<JsonNode> stored = values(records("audit-small"));
        ObjectNode largeStored = (ObjectNode) stored.get(1);
        assertThat(largeStored.has("requestObject")).isFalse();
        assertThat(largeStored.path("annotations").path("kubetrace.io/trimmed").asText())
                .startsWith("requestObject (")
                .endsWith(" was over kafka.max-record-size (150000 bytes)");
        largeStored.remove("annotations");
        ObjectNode largeSent = AuditCaptures.withCluster(large, "minikube");
        largeSent.remove(List.of("requestObject", "annotations"));
        assertThat(stored)
                .containsExactly(
                        AuditCaptures.withCluster(FALCO.get(0), "minikube"),
                        largeSent,
                        AuditCaptures.withCluster(FALCO.get(1), "minikube"),
                        AuditCaptures.withCluster(FALCO.get(2), "minikube"),
                        AuditCaptures.withCluster(FALCO.get(3), "minikube"),
                        AuditCaptures.withCluster(FALCO.get(4), "minikube"),
                        AuditCaptures.withCluster(FALCO.get(5), "minikube"),
                        AuditCaptures.withCluster(FALCO.get(0), "minikube"));
    }

    @Test
    void isNotReadyWhileItsTopicDoesNotExistAndSaysWhyIn503s() throws Exception {
        String missing =
                "Kafka topic audit-missing does not exist: create it (k8s/optional/strimzi has a"
                        + " KafkaTopic)";
        try (Gateway gateway =
                start(
                        "kafka.topic", "audit-missing",
                        "kafka.ready-interval", "200 ms",
                        "kafka.max-block", "1 s",
                        "kafka.delivery-timeout", "1500 ms")) {
            await(() -> get(gateway, "/readyz").statusCode(), status -> status == 503);
            await(() -> get(gateway, "/readyz").body(), body -> body.equals(missing + "\n"));

            // The producer only waits for the topic's metadata, and times out.
            long start = System.nanoTime();
            HttpResponse<String> response = post(gateway, "/audit/minikube", body(2), null);

            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isLessThan(Duration.ofSeconds(5));
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).contains("1");
            assertThat(response.body())
                    .startsWith("Kafka did not store the batch: ")
                    .endsWith("; " + missing + "\n");
        }
    }

    private static Gateway start(String... settings) throws InterruptedException {
        List<String> all =
                new ArrayList<>(
                        List.of(
                                "kafka.bootstrap-servers", kafka.bootstrapServers(),
                                "listen.host", "127.0.0.1",
                                "listen.port", "0",
                                "drain-timeout", "5 s"));
        all.addAll(List.of(settings));
        return Gateway.start(TestSettings.with(all.toArray(String[]::new)));
    }

    private static byte[] body(int events) {
        return AuditCaptures.eventList(FALCO.subList(0, events));
    }

    private HttpResponse<String> post(Gateway gateway, String path, byte[] body, String token)
            throws Exception {
        return send(http, request(gateway, path, token).POST(publisher(body)).build());
    }

    private HttpResponse<String> get(Gateway gateway, String path) throws Exception {
        return send(http, request(gateway, path, null).GET().build());
    }

    private static HttpRequest.Builder request(Gateway gateway, String path, String token) {
        String scheme = gateway.describe().contains("https://") ? "https" : "http";
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(scheme + "://127.0.0.1:" + gateway.port() + path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json");
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    private static HttpRequest.BodyPublisher publisher(byte[] body) {
        return HttpRequest.BodyPublishers.ofByteArray(body);
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request)
            throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpClient client(SSLContext tls) {
        HttpClient.Builder client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1);
        return tls == null ? client.build() : client.sslContext(tls).build();
    }

    /** Every record the topic holds, read from the start to its end offsets. */
    private static List<ConsumerRecord<String, String>> records(String topic) {
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                                        StringDeserializer.class,
                                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                                        StringDeserializer.class))) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                assertThat(System.nanoTime()).as("read %s to its end", topic).isLessThan(deadline);
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
            return records;
        }
    }

    private static List<JsonNode> values(List<ConsumerRecord<String, String>> records)
            throws IOException {
        List<JsonNode> values = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            values.add(JSON.readTree(record.value()));
        }
        return values;
    }

    private static String withoutCluster(String value) {
        try {
            ObjectNode event = (ObjectNode) JSON.readTree(value);
            event.remove("cluster");
            return event.toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> void await(Callable<T> probe, Predicate<T> until) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        T value = probe.call();
        while (!until.test(value)) {
            assertThat(System.nanoTime()).as("still %s", value).isLessThan(deadline);
            Thread.sleep(100);
            value = probe.call();
        }
    }
}
