package io.kubetrace.gateway;

import static io.kubetrace.gateway.AuditCaptures.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuditWebhookTest {

    private static final List<ObjectNode> FALCO = AuditCaptures.falcoEvents();

    // Acknowledged only when a test says so, as a broker acknowledges when it has the record.
    private final MockProducer<byte[], byte[]> kafka =
            new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final GatewayMetrics metrics = new GatewayMetrics();
    private final List<AcceptedBatch> accepted = new ArrayList<>();
    // What the readiness check found wrong with Kafka: nothing, unless a test says so.
    private String kafkaProblem;

    @Test
    void answers200OnlyOnceKafkaAcknowledgedEveryEventOfTheBatch() throws Exception {
        AuditWebhook webhook = webhook(TestSettings.with());

        CompletableFuture<AuditResponse> response =
                webhook.handle(request("minikube", AuditCaptures.eventList(FALCO)));

        assertThat(kafka.history()).hasSize(FALCO.size());
        for (int i = 0; i < FALCO.size() - 1; i++) {
            kafka.completeNext();
        }
        assertThat(response).isNotDone();
        kafka.completeNext();
        assertThat(response.get()).isEqualTo(new AuditResponse(200, "stored 40 events"));
        assertThat(accepted).hasSize(1);
        assertThat(metrics.scrape())
                .contains("kubetrace_gateway_requests_total{cluster=\"minikube\",code=\"200\"} 1.0")
                .contains("kubetrace_gateway_events_total{cluster=\"minikube\"} 40.0");
    }

    @Test
    void storesEachEventWithItsClusterKeyedByClusterAndNamespace() throws Exception {
        AuditWebhook webhook = webhook(TestSettings.with());

        webhook.handle(request("minikube", AuditCaptures.eventList(FALCO)));

        List<ProducerRecord<byte[], byte[]>> records = kafka.history();
        for (int i = 0; i < FALCO.size(); i++) {
            ObjectNode event = FALCO.get(i);
            ProducerRecord<byte[], byte[]> record = records.get(i);
            assertThat(record.topic()).isEqualTo("kubetrace-audit");
            assertThat(JSON.readTree(record.value()))
                    .isEqualTo(AuditCaptures.withCluster(event, "minikube"));
            String namespace = event.path("objectRef").path("namespace").asText("");
            assertThat(new String(record.key(), StandardCharsets.UTF_8))
                    .isEqualTo("minikube/" + namespace);
        }
        // Cluster-scoped objects (clusterroles, namespaces) have an empty namespace in the key.
        assertThat(records)
                .extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                .contains("minikube/", "minikube/default", "minikube/kube-system");
    }

    @Test
    void answers503WhenKafkaRefusesOneEventButOnlyOnceTheOthersAreSettled() throws Exception {
        AuditWebhook webhook = webhook(TestSettings.with());
        List<ObjectNode> batch = FALCO.subList(0, 4);

        CompletableFuture<AuditResponse> response =
                webhook.handle(request("minikube", AuditCaptures.eventList(batch)));
        kafka.completeNext();
        kafka.errorNext(new NotEnoughReplicasException("not enough in-sync replicas"));
        kafka.completeNext();
        assertThat(response).isNotDone();
        kafka.completeNext();

        assertThat(response.get().status()).isEqualTo(503);
        assertThat(response.get().message())
                .isEqualTo("Kafka did not store the batch: not enough in-sync replicas");
        assertThat(accepted).isEmpty();
        assertThat(metrics.scrape())
                .contains(
                        "kubetrace_gateway_rejected_requests_total{reason=\"kafka-unavailable\"}"
                                + " 1.0")
                .contains(
                        "kubetrace_gateway_rejected_events_total{reason=\"kafka-unavailable\"}"
                                + " 4.0");
    }

    @Test
    void stopsSendingABatchOnceKafkaCannotTakeMore() throws Exception {
        AuditWebhook webhook = webhook(TestSettings.with());
        // What send() throws when the producer was closed under the request.
        kafka.sendException = new IllegalStateException("producer closed");

        AuditResponse response =
                webhook.handle(request("minikube", AuditCaptures.eventList(FALCO))).get();

        assertThat(response.status()).isEqualTo(503);
        assertThat(kafka.history()).isEmpty();
    }

    @Test
    void answers503WhenKafkaTimesOut() throws Exception {
        AuditWebhook webhook = webhook(TestSettings.with());

        CompletableFuture<AuditResponse> response =
                webhook.handle(request("minikube", AuditCaptures.eventList(FALCO.subList(0, 1))));
        kafka.errorNext(new TimeoutException("Expiring 1 record(s): 5000 ms has passed"));

        assertThat(response.get())
                .isEqualTo(
                        new AuditResponse(
                                503,
                                "Kafka did not store the batch: Expiring 1 record(s): 5000 ms has"
                                        + " passed"));
    }

    @Test
    void answers503WithWhatTheReadinessCheckFoundWhenASendTimesOut() throws Exception {
        // A producer does not say that a topic is missing: it waits for its metadata, then times
        // out. The readiness check describes the topic, and knows.
        kafkaProblem =
                "Kafka topic kubetrace-audit does not exist: create it (k8s/optional/strimzi has a"
                        + " KafkaTopic)";
        AuditWebhook webhook = webhook(TestSettings.with());

        CompletableFuture<AuditResponse> response =
                webhook.handle(request("minikube", AuditCaptures.eventList(FALCO.subList(0, 1))));
        kafka.errorNext(
                new TimeoutException(
                        "Topic kubetrace-audit not present in metadata after 2000 ms."));

        assertThat(response.get())
                .isEqualTo(
                        new AuditResponse(
                                503,
                                "Kafka did not store the batch: Topic kubetrace-audit not present"
                                        + " in metadata after 2000 ms.; Kafka topic"
                                        + " kubetrace-audit does not exist: create it"
                                        + " (k8s/optional/strimzi has a KafkaTopic)"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "not json at all | the body is not JSON: Unrecognized token 'not'",
                "{\"kind\":\"EventList\",\"items\":[ | the body is not JSON: Unexpected"
                        + " end-of-input",
                "{\"kind\":\"EventList\",\"items\":[]} {} | the body is not JSON: Trailing"
                        + " token",
                "[{\"kind\":\"Event\"}] | expected an audit EventList object, got a JSON array",
                "{\"items\":[]} | expected an audit EventList, got an object without kind",
                "{\"kind\":\"PodList\",\"items\":[]} | expected an audit EventList, got kind"
                        + " \"PodList\"",
                "{\"kind\":\"EventList\",\"apiVersion\":\"v1\",\"items\":[]} | expected apiVersion"
                        + " audit.k8s.io/v1, got \"v1\"",
                "{\"kind\":\"EventList\",\"items\":{}} | items of the EventList is not a list",
                "{\"kind\":\"EventList\",\"items\":[{},7]} | items[1] is not a JSON object",
                "{\"kind\":\"EventList\",\"items\":[{\"kind\":\"Pod\"}]} | items[0] is a Pod, not"
                        + " an audit Event"
            })
    void answers400WithTheReasonForABodyThatIsNotAnAuditEventList(String body, String reason)
            throws Exception {
        AuditWebhook webhook = webhook(TestSettings.with());

        AuditResponse response =
                webhook.handle(request("minikube", body.getBytes(StandardCharsets.UTF_8))).get();

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.message()).startsWith(reason);
        assertThat(response.message()).doesNotContain("\n");
        assertThat(kafka.history()).isEmpty();
        assertThat(metrics.scrape())
                .contains("kubetrace_gateway_rejected_requests_total{reason=\"malformed\"} 1.0");
    }

    @Test
    void answers400ForAnEmptyBody() throws Exception {
        AuditResponse response =
                webhook(TestSettings.with()).handle(request("minikube", new byte[0])).get();

        assertThat(response).isEqualTo(new AuditResponse(400, "the body is empty"));
    }

    @Test
    void takesASingleEventAndAnEmptyEventList() throws Exception {
        AuditWebhook webhook = webhook(TestSettings.with());

        CompletableFuture<AuditResponse> single =
                webhook.handle(request("minikube", JSON.writeValueAsBytes(FALCO.get(0))));
        kafka.completeNext();
        AuditResponse empty =
                webhook.handle(request("minikube", AuditCaptures.eventList(List.of()))).get();

        assertThat(single.get()).isEqualTo(new AuditResponse(200, "stored 1 event"));
        assertThat(empty).isEqualTo(new AuditResponse(200, "stored 0 events"));
    }

    @Test
    void answers413ForABodyOverTheLimit() throws Exception {
        AuditWebhook webhook = webhook(TestSettings.with("max-body", "1 kb"));
        AuditRequest tooLarge =
                new AuditRequest(
                        Optional.of("minikube"),
                        "10.0.0.1",
                        Optional.empty(),
                        Optional.empty(),
                        new byte[0],
                        true);

        AuditResponse response = webhook.handle(tooLarge).get();

        assertThat(response)
                .isEqualTo(new AuditResponse(413, "the body is over the limit of 1024 bytes"));
        assertThat(metrics.scrape())
                .contains("kubetrace_gateway_rejected_requests_total{reason=\"too-large\"} 1.0")
                .contains(
                        "kubetrace_gateway_requests_total{cluster=\"minikube\",code=\"413\"} 1.0");
    }

    @Test
    void answers401WithoutAKnownBearerTokenAndTakesOneFromTheFile(@TempDir Path dir)
            throws Exception {
        Path tokens = Files.writeString(dir.resolve("tokens"), "# kube-apiserver\ns3cret\n\n");
        AuditWebhook webhook = webhook(TestSettings.with("auth.token-file", tokens.toString()));
        byte[] body = AuditCaptures.eventList(FALCO.subList(0, 1));

        AuditResponse none = webhook.handle(request("minikube", body, null)).get();
        AuditResponse wrong = webhook.handle(request("minikube", body, "Bearer guess")).get();
        AuditResponse basic = webhook.handle(request("minikube", body, "Basic czNjcmV0")).get();
        CompletableFuture<AuditResponse> right =
                webhook.handle(request("minikube", body, "Bearer s3cret"));
        kafka.completeNext();

        assertThat(none).isEqualTo(new AuditResponse(401, "bearer token required"));
        assertThat(wrong).isEqualTo(new AuditResponse(401, "invalid bearer token"));
        assertThat(basic.status()).isEqualTo(401);
        assertThat(right.get().status()).isEqualTo(200);
        assertThat(kafka.history()).hasSize(1);
        assertThat(metrics.scrape())
                .contains(
                        "kubetrace_gateway_rejected_requests_total{reason=\"unauthenticated\"} 3.0")
                .contains("kubetrace_gateway_requests_total{cluster=\"unknown\",code=\"401\"} 3.0");
    }

    @Test
    void takesTheNewTokensWhenTheTokenFileChanges(@TempDir Path dir) throws Exception {
        Path tokens = Files.writeString(dir.resolve("tokens"), "old-token\n");
        AuditWebhook webhook = webhook(TestSettings.with("auth.token-file", tokens.toString()));
        byte[] body = AuditCaptures.eventList(List.of());

        // A rotated Secret: a new file renamed over the old one.
        Path rotated = Files.writeString(dir.resolve("tokens.new"), "new-token\n");
        Files.move(rotated, tokens, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertThat(webhook.handle(request("minikube", body, "Bearer new-token")).get().status())
                .isEqualTo(200);
        assertThat(webhook.handle(request("minikube", body, "Bearer old-token")).get().status())
                .isEqualTo(401);
    }

    @Test
    void keepsTheLastTokensWhileTheTokenFileCannotBeRead(@TempDir Path dir) throws Exception {
        Path tokens = Files.writeString(dir.resolve("tokens"), "s3cret\n");
        AuditWebhook webhook = webhook(TestSettings.with("auth.token-file", tokens.toString()));
        byte[] body = AuditCaptures.eventList(List.of());

        Files.delete(tokens);

        assertThat(webhook.handle(request("minikube", body, "Bearer s3cret")).get().status())
                .isEqualTo(200);
    }

    @Test
    void answers403ForAClusterNotInTheAllowList() throws Exception {
        AuditWebhook webhook = webhook(TestSettings.with("clusters.allow", "prod-eu,prod-us"));

        AuditResponse response =
                webhook.handle(request("minikube", AuditCaptures.eventList(FALCO))).get();

        assertThat(response)
                .isEqualTo(
                        new AuditResponse(
                                403,
                                "cluster \"minikube\" (from the path) is not in clusters.allow"));
        assertThat(kafka.history()).isEmpty();
        assertThat(metrics.scrape())
                .contains(
                        "kubetrace_gateway_rejected_requests_total{reason=\"wrong-cluster\"} 1.0");
    }

    @Test
    void answers503WhenTooManyBatchesAreUnderWay() throws Exception {
        AuditWebhook webhook = webhook(TestSettings.with("max-in-flight", "1"));
        byte[] body = AuditCaptures.eventList(FALCO.subList(0, 1));

        CompletableFuture<AuditResponse> first = webhook.handle(request("minikube", body));
        AuditResponse second = webhook.handle(request("minikube", body)).get();
        kafka.completeNext();
        CompletableFuture<AuditResponse> third = webhook.handle(request("minikube", body));
        kafka.completeNext();

        assertThat(second).isEqualTo(new AuditResponse(503, "1 batches are being stored already"));
        assertThat(first.get().status()).isEqualTo(200);
        assertThat(third.get().status()).isEqualTo(200);
    }

    @Test
    void refusesNewBatchesOnceStoppingAndStillStoresThoseUnderWay() throws Exception {
        AuditWebhook webhook = webhook(TestSettings.with());
        byte[] body = AuditCaptures.eventList(FALCO.subList(0, 2));

        CompletableFuture<AuditResponse> underWay = webhook.handle(request("minikube", body));
        webhook.stopAccepting();
        AuditResponse late = webhook.handle(request("minikube", body)).get();
        kafka.completeNext();
        kafka.completeNext();

        assertThat(late).isEqualTo(new AuditResponse(503, "the gateway is shutting down"));
        assertThat(underWay.get().status()).isEqualTo(200);
        assertThat(kafka.history()).hasSize(2);
        assertThat(metrics.scrape())
                .contains(
                        "kubetrace_gateway_rejected_requests_total{reason=\"shutting-down\"} 1.0");
    }

    @Test
    void tellsTheDumpAndForwarderOfStoredBatchesOnly() throws Exception {
        AuditWebhook webhook = webhook(TestSettings.with());
        byte[] stored = AuditCaptures.eventList(FALCO.subList(0, 2));
        byte[] refused = AuditCaptures.eventList(FALCO.subList(2, 3));

        CompletableFuture<AuditResponse> first = webhook.handle(request("prod-eu", stored));
        kafka.completeNext();
        kafka.completeNext();
        CompletableFuture<AuditResponse> second = webhook.handle(request("prod-eu", refused));
        kafka.errorNext(new TimeoutException("down"));

        assertThat(first.get().status()).isEqualTo(200);
        assertThat(second.get().status()).isEqualTo(503);
        assertThat(accepted).hasSize(1);
        AcceptedBatch batch = accepted.get(0);
        assertThat(batch.cluster()).isEqualTo("prod-eu");
        assertThat(batch.body()).isEqualTo(stored);
        List<JsonNode> events = new ArrayList<>();
        for (byte[] event : batch.events()) {
            events.add(JSON.readTree(event));
        }
        assertThat(events)
                .containsExactly(
                        AuditCaptures.withCluster(FALCO.get(0), "prod-eu"),
                        AuditCaptures.withCluster(FALCO.get(1), "prod-eu"));
    }

    @Test
    void countsBytesAndLatencyOfEachAnswer() throws Exception {
        AuditWebhook webhook = webhook(TestSettings.with());
        byte[] body = AuditCaptures.eventList(List.of());

        webhook.handle(request("minikube", body)).get();

        assertThat(metrics.scrape())
                .contains(
                        "kubetrace_gateway_request_bytes_total{cluster=\"minikube\"} "
                                + (double) body.length)
                .contains("kubetrace_gateway_request_duration_seconds_count{code=\"200\"} 1")
                .contains(
                        "kubetrace_gateway_request_duration_seconds_bucket{code=\"200\",le=\"0.005\"}");
    }

    @Test
    void trimsTheBodiesOfAnEventOverTheRecordSizeLargestFirstAndStoresTheOthersAsTheyAre()
            throws Exception {
        AuditWebhook webhook = webhook(TestSettings.with("kafka.max-record-size", "20 kb"));
        // Without its requestObject the first fits; the second needs both bodies dropped.
        ObjectNode requestDropped = AuditCaptures.largeConfigMap("large-1", 15000, 12000);
        ObjectNode bothDropped = AuditCaptures.largeConfigMap("large-2", 25000, 30000);
        List<ObjectNode> batch =
                List.of(FALCO.get(0), requestDropped, FALCO.get(1), bothDropped, FALCO.get(2));

        CompletableFuture<AuditResponse> response =
                webhook.handle(request("minikube", AuditCaptures.eventList(batch)));
        batch.forEach(event -> kafka.completeNext());

        assertThat(response.get()).isEqualTo(new AuditResponse(200, "stored 5 events"));
        List<JsonNode> stored = new ArrayList<>();
        for (ProducerRecord<byte[], byte[]> record : kafka.history()) {
            assertThat(record.key().length + record.value().length).isLessThanOrEqualTo(20480);
            stored.add(JSON.readTree(record.value()));
        }
        for (int i : new int[] {0, 2, 4}) {
            assertThat(stored.get(i))
                    .isEqualTo(AuditCaptures.withCluster(batch.get(i), "minikube"));
        }
        ObjectNode first = AuditCaptures.withCluster(requestDropped, "minikube");
        String firstTrimmed =
                "requestObject ("
                        + size(first.get("requestObject"))
                        + " bytes) dropped: the event ("
                        + recordSize(first)
                        + " bytes) was over kafka.max-record-size (20480 bytes)";
        first.remove("requestObject");
        ((ObjectNode) first.get("annotations")).put("kubetrace.io/trimmed", firstTrimmed);
        assertThat(stored.get(1)).isEqualTo(first);
        ObjectNode second = AuditCaptures.withCluster(bothDropped, "minikube");
        String secondTrimmed =
                "responseObject ("
                        + size(second.get("responseObject"))
                        + " bytes), requestObject ("
                        + size(second.get("requestObject"))
                        + " bytes) dropped: the event ("
                        + recordSize(second)
                        + " bytes) was over kafka.max-record-size (20480 bytes)";
        second.remove(List.of("requestObject", "responseObject"));
        ((ObjectNode) second.get("annotations")).put("kubetrace.io/trimmed", secondTrimmed);
        assertThat(stored.get(3)).isEqualTo(second);
        // The dump gets the events as stored.
        assertThat(JSON.readTree(accepted.get(0).events().get(3))).isEqualTo(second);
        assertThat(metrics.scrape())
                .contains("kubetrace_gateway_events_trimmed_total{cluster=\"minikube\"} 2.0")
                .contains("kubetrace_gateway_events_total{cluster=\"minikube\"} 5.0");
    }

    @Test
    void storesTheOtherEventsAndAnswers413NamingEachEventTooLargeEvenTrimmed() throws Exception {
        AuditWebhook webhook = webhook(TestSettings.with("kafka.max-record-size", "20 kb"));
        ObjectNode huge = AuditCaptures.largeConfigMap("huge-1", 100, 100);
        ((ObjectNode) huge.get("annotations")).put("example.com/notes", "n".repeat(30000));
        ObjectNode bare = bareWithLongUri("huge-2");
        List<ObjectNode> batch = List.of(FALCO.get(0), huge, FALCO.get(1), bare, FALCO.get(2));

        CompletableFuture<AuditResponse> response =
                webhook.handle(request("minikube", AuditCaptures.eventList(batch)));
        assertThat(kafka.history()).hasSize(3);
        kafka.completeNext();
        kafka.completeNext();
        assertThat(response).isNotDone();
        kafka.completeNext();

        assertThat(response.get().status()).isEqualTo(413);
        assertThat(response.get().message())
                .matches(
                        "items\\[1\\] \\(auditID huge-1\\) is 3\\d{4} bytes as a Kafka record even"
                            + " without its requestObject and responseObject, over"
                            + " kafka.max-record-size \\(20480 bytes\\); items\\[3\\] \\(auditID"
                            + " huge-2\\) is 3\\d{4} bytes as a Kafka record and has no"
                            + " requestObject or responseObject to drop, over kafka.max-record-size"
                            + " \\(20480 bytes\\); the batch's other 3 events were stored");
        List<JsonNode> stored =
                List.of(
                        AuditCaptures.withCluster(FALCO.get(0), "minikube"),
                        AuditCaptures.withCluster(FALCO.get(1), "minikube"),
                        AuditCaptures.withCluster(FALCO.get(2), "minikube"));
        assertThat(values(kafka.history().stream().map(ProducerRecord::value).toList()))
                .containsExactlyElementsOf(stored);
        assertToldOfStoredOnly("minikube", stored);
        assertThat(metrics.scrape())
                .contains("kubetrace_gateway_events_total{cluster=\"minikube\"} 3.0")
                .contains(
                        "kubetrace_gateway_rejected_requests_total{reason=\"event-too-large\"} 1.0")
                .contains("kubetrace_gateway_rejected_events_total{reason=\"event-too-large\"} 2.0")
                .contains("kubetrace_gateway_requests_total{cluster=\"minikube\",code=\"413\"} 1.0")
                .doesNotContain("kubetrace_gateway_events_trimmed_total");
    }

    @Test
    void answers413AndStoresNothingWhenTheBatchIsOneEventTooLargeEvenTrimmed() throws Exception {
        AuditWebhook webhook = webhook(TestSettings.with("kafka.max-record-size", "20 kb"));
        ObjectNode huge = AuditCaptures.largeConfigMap("huge-1", 100, 100);
        ((ObjectNode) huge.get("annotations")).put("example.com/notes", "n".repeat(30000));

        AuditResponse single =
                webhook.handle(request("minikube", JSON.writeValueAsBytes(huge))).get();
        AuditResponse withoutBodies =
                webhook.handle(
                                request(
                                        "minikube",
                                        AuditCaptures.eventList(
                                                List.of(bareWithLongUri("huge-2")))))
                        .get();

        assertThat(single.status()).isEqualTo(413);
        assertThat(single.message())
                .matches(
                        "the event \\(auditID huge-1\\) is 3\\d{4} bytes as a Kafka record even"
                            + " without its requestObject and responseObject, over"
                            + " kafka.max-record-size \\(20480 bytes\\); nothing of the batch was"
                            + " stored");
        assertThat(withoutBodies.message())
                .matches(
                        "items\\[0\\] \\(auditID huge-2\\) is 3\\d{4} bytes as a Kafka record and"
                            + " has no requestObject or responseObject to drop, over"
                            + " kafka.max-record-size \\(20480 bytes\\); nothing of the batch was"
                            + " stored");
        assertThat(kafka.history()).isEmpty();
        assertThat(accepted).isEmpty();
        assertThat(metrics.scrape())
                .contains(
                        "kubetrace_gateway_rejected_requests_total{reason=\"event-too-large\"} 2.0")
                .contains(
                        "kubetrace_gateway_rejected_events_total{reason=\"event-too-large\"} 2.0");
    }

    @Test
    void answers400WhenAnEventToTrimHasAnnotationsThatAreNotAMap() throws Exception {
        AuditWebhook webhook = webhook(TestSettings.with("kafka.max-record-size", "20 kb"));
        ObjectNode large = AuditCaptures.largeConfigMap("large-1", 15000, 12000);
        large.put("annotations", "decision=allow");

        AuditResponse response =
                webhook.handle(request("minikube", AuditCaptures.eventList(List.of(large)))).get();

        assertThat(response)
                .isEqualTo(new AuditResponse(400, "items[0].annotations is not a map of strings"));
        assertThat(kafka.history()).isEmpty();
    }

    @Test
    void answers413NamingTheTopicsLimitWhenKafkaRefusesAnEventAsTooLarge() throws Exception {
        AuditWebhook webhook = webhook(TestSettings.with("kafka.max-record-size", "150000"));
        List<ObjectNode> batch = FALCO.subList(0, 4);

        CompletableFuture<AuditResponse> response =
                webhook.handle(request("minikube", AuditCaptures.eventList(batch)));
        kafka.completeNext();
        kafka.errorNext(
                new RecordTooLargeException(
                        "The request included a message larger than the max message size the"
                                + " server will accept."));
        kafka.completeNext();
        kafka.completeNext();

        assertThat(response.get().status()).isEqualTo(413);
        assertThat(response.get().message())
                .isEqualTo(
                        "Kafka refused items[1] (auditID "
                                + FALCO.get(1).path("auditID").asText()
                                + ") of "
                                + (kafka.history().get(1).key().length
                                        + kafka.history().get(1).value().length)
                                + " bytes as too large: the max.message.bytes of topic"
                                + " kubetrace-audit is below kafka.max-record-size plus Kafka's"
                                + " framing (151024 bytes); raise the topic's max.message.bytes to"
                                + " 151024 or lower kafka.max-record-size (Kafka said: The request"
                                + " included a message larger than the max message size the server"
                                + " will accept.); the batch's other 3 events were stored");
        assertToldOfStoredOnly(
                "minikube",
                List.of(
                        AuditCaptures.withCluster(FALCO.get(0), "minikube"),
                        AuditCaptures.withCluster(FALCO.get(2), "minikube"),
                        AuditCaptures.withCluster(FALCO.get(3), "minikube")));
        assertThat(metrics.scrape())
                .contains("kubetrace_gateway_events_total{cluster=\"minikube\"} 3.0")
                .contains(
                        "kubetrace_gateway_rejected_requests_total{reason=\"event-too-large\"} 1.0")
                .contains(
                        "kubetrace_gateway_rejected_events_total{reason=\"event-too-large\"} 1.0");
    }

    @Test
    void answers503WhenKafkaIsDownEvenIfItAlsoRefusedAnEventAsTooLarge() throws Exception {
        AuditWebhook webhook = webhook(TestSettings.with());

        CompletableFuture<AuditResponse> response =
                webhook.handle(request("minikube", AuditCaptures.eventList(FALCO.subList(0, 2))));
        kafka.errorNext(new RecordTooLargeException("too large"));
        kafka.errorNext(new NotEnoughReplicasException("not enough in-sync replicas"));

        assertThat(response.get())
                .isEqualTo(
                        new AuditResponse(
                                503, "Kafka did not store the batch: not enough in-sync replicas"));
    }

    @Test
    void answers503AndSaysWhatToFixWhenTheGatewayMayNotWriteToTheTopic() throws Exception {
        AuditWebhook webhook = webhook(TestSettings.with());

        CompletableFuture<AuditResponse> response =
                webhook.handle(request("minikube", AuditCaptures.eventList(FALCO.subList(0, 1))));
        kafka.errorNext(new TopicAuthorizationException(Set.of("kubetrace-audit")));

        assertThat(response.get())
                .isEqualTo(
                        new AuditResponse(
                                503,
                                "Kafka did not store the batch: Not authorized to access topics:"
                                        + " [kubetrace-audit]; the gateway's Kafka principal may"
                                        + " not write to topic kubetrace-audit: grant it WRITE on"
                                        + " the topic"));
    }

    /** An event without bodies that a request URI makes larger than 20 KiB. */
    private static ObjectNode bareWithLongUri(String auditId) {
        ObjectNode bare = AuditCaptures.largeConfigMap(auditId, 100, 100);
        bare.remove(List.of("requestObject", "responseObject"));
        bare.put("requestURI", "/api/v1/namespaces/default/configmaps?" + "q".repeat(30000));
        return bare;
    }

    /**
     * The dump and forwarders were told of the stored events of a partly stored batch: the events,
     * and, to forward, an EventList of them alone.
     */
    private void assertToldOfStoredOnly(String cluster, List<JsonNode> stored) throws Exception {
        assertThat(accepted).hasSize(1);
        AcceptedBatch batch = accepted.get(0);
        assertThat(batch.cluster()).isEqualTo(cluster);
        assertThat(values(batch.events())).containsExactlyElementsOf(stored);
        JsonNode forwarded = JSON.readTree(batch.body());
        assertThat(forwarded.path("kind").asText()).isEqualTo("EventList");
        assertThat(forwarded.path("apiVersion").asText()).isEqualTo("audit.k8s.io/v1");
        assertThat(forwarded.path("items")).containsExactlyElementsOf(stored);
    }

    private static List<JsonNode> values(List<byte[]> events) throws Exception {
        List<JsonNode> values = new ArrayList<>();
        for (byte[] event : events) {
            values.add(JSON.readTree(event));
        }
        return values;
    }

    private static int size(JsonNode node) throws Exception {
        return JSON.writeValueAsBytes(node).length;
    }

    /** Key and value of the event's record, as the gateway measures it. */
    private static int recordSize(ObjectNode event) throws Exception {
        String key = "minikube/" + event.path("objectRef").path("namespace").asText("");
        return key.getBytes(StandardCharsets.UTF_8).length + size(event);
    }

    private AuditWebhook webhook(GatewaySettings settings) {
        // The worker runs tasks at once, so each test sees the sends as soon as handle() returns.
        return new AuditWebhook(
                settings,
                kafka,
                () -> kafkaProblem,
                Runnable::run,
                metrics,
                List.of(accepted::add));
    }

    private static AuditRequest request(String cluster, byte[] body) {
        return request(cluster, body, null);
    }

    private static AuditRequest request(String cluster, byte[] body, String authorization) {
        return new AuditRequest(
                Optional.of(cluster),
                "192.168.99.1",
                Optional.ofNullable(authorization),
                Optional.empty(),
                body,
                false);
    }
}
