package io.kubetrace.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Audit events as the webhook gateway writes them to Kafka: key {@code cluster/namespace}, value
 * the event with a top-level {@code cluster}, record time when the gateway wrote it.
 */
final class GatewayRecords {

    /** How long after an event's {@code stageTimestamp} the gateway writes it, in these tests. */
    static final Duration GATEWAY_DELAY = Duration.ofSeconds(1);

    private static final ObjectMapper JSON = new ObjectMapper();

    private GatewayRecords() {}

    /** Every event in the files, in the order given, as if the gateway had received them live. */
    static List<ProducerRecord<String, String>> of(String topic, String cluster, List<Path> files)
            throws IOException {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (Path file : files) {
            try (MappingIterator<JsonNode> events =
                    JSON.readerFor(JsonNode.class).readValues(file.toFile())) {
                while (events.hasNext()) {
                    records.add(record(topic, cluster, (ObjectNode) events.next()));
                }
            }
        }
        return records;
    }

    static ProducerRecord<String, String> record(String topic, String cluster, ObjectNode event) {
        ObjectNode value = event.deepCopy();
        value.put("cluster", cluster);
        Instant written = Instant.parse(event.path("stageTimestamp").asText()).plus(GATEWAY_DELAY);
        return new ProducerRecord<>(
                topic,
                null,
                written.toEpochMilli(),
                cluster + "/" + event.path("objectRef").path("namespace").asText(""),
                value.toString());
    }

    /**
     * A lease renewal of the controller manager, written now to the partition given: a live cluster
     * sends these every few seconds, and the filter drops them. Their time moves the partition's
     * watermark past the old events before them.
     */
    static ProducerRecord<String, String> heartbeat(String topic, int partition, String cluster) {
        String now = Instant.now().toString();
        ObjectNode event = JSON.createObjectNode();
        event.put("kind", "Event")
                .put("apiVersion", "audit.k8s.io/v1")
                .put("level", "Metadata")
                .put("auditID", UUID.randomUUID().toString())
                .put("stage", "ResponseComplete")
                .put(
                        "requestURI",
                        "/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/"
                                + "kube-controller-manager")
                .put("verb", "update")
                .put("userAgent", "kube-controller-manager/v1.30.0 (linux/amd64)/leader-election")
                .put("requestReceivedTimestamp", now)
                .put("stageTimestamp", now)
                .put("cluster", cluster);
        event.putObject("user").put("username", "system:kube-controller-manager");
        event.putObject("objectRef")
                .put("resource", "leases")
                .put("namespace", "kube-system")
                .put("name", "kube-controller-manager")
                .put("apiGroup", "coordination.k8s.io")
                .put("apiVersion", "v1");
        event.putObject("responseStatus").put("code", 200);
        return new ProducerRecord<>(
                topic,
                partition,
                System.currentTimeMillis(),
                cluster + "/kube-system",
                event.toString());
    }
}
