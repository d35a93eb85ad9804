package io.kubetrace.gateway;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The audit events of one webhook request: an {@code audit.k8s.io} {@code EventList}, as
 * kube-apiserver's webhook backend sends, or a single {@code Event}. Anything else is {@link
 * Rejection#MALFORMED} with the reason.
 */
final class AuditBatch {

    /** The top-level field the job reads an event's cluster from. */
    static final String CLUSTER_FIELD = "cluster";

    // Numbers keep their digits: an event is stored as it was sent, plus its cluster.
    private static final ObjectMapper JSON =
            JsonMapper.builder()
                    .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                    .build();

    private final List<ObjectNode> events;
    // Whether the body was an EventList, whose events an answer names by their index.
    private final boolean list;
    private final String apiVersion;

    private AuditBatch(List<ObjectNode> events, boolean list, String apiVersion) {
        this.events = events;
        this.list = list;
        this.apiVersion = apiVersion;
    }

    static AuditBatch parse(byte[] body) {
        if (body.length == 0) {
            throw malformed("the body is empty");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw malformed("the body is not JSON: " + describe(e));
        } catch (IOException e) {
            throw malformed("the body cannot be read: " + e.getMessage());
        }
        if (!root.isObject()) {
            throw malformed(
                    "expected an audit EventList object, got a JSON "
                            + root.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        String apiVersion = root.path("apiVersion").asText("audit.k8s.io/v1");
        if (!apiVersion.startsWith("audit.k8s.io/")) {
            throw malformed(
                    "expected apiVersion audit.k8s.io/v1, got \"" + shortened(apiVersion) + "\"");
        }
        String kind = root.path("kind").asText("");
        return switch (kind) {
            case "EventList" -> new AuditBatch(items(root.path("items")), true, apiVersion);
            case "Event" -> new AuditBatch(List.of((ObjectNode) root), false, apiVersion);
            case "" -> throw malformed("expected an audit EventList, got an object without kind");
            default ->
                    throw malformed(
                            "expected an audit EventList, got kind \"" + shortened(kind) + "\"");
        };
    }

    int size() {
        return events.size();
    }

    /**
     * One record per event: key {@code cluster/namespace} (namespace empty for cluster-scoped
     * objects), value the event with {@code "cluster"} set, so the job's parser reads it, trimmed
     * to {@code maxRecordSize} ({@link EventTrimmer}). The cluster is set on the parsed events
     * themselves: a batch is written once, and copying a 12 MiB batch would double what a request
     * holds. An event too large even trimmed has no record: it is left out, and {@link
     * Records#tooLarge()} says why, so the batch's other events are still stored. Throws {@link
     * RequestRejected} before any record exists when an event to trim is malformed.
     */
    Records records(String topic, String cluster, long maxRecordSize) {
        EventTrimmer trimmer = new EventTrimmer(JSON, maxRecordSize);
        List<EventRecord> records = new ArrayList<>(events.size());
        List<String> tooLarge = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            ObjectNode event = events.get(i);
            String namespace = event.path("objectRef").path("namespace").asText("");
            byte[] key = (cluster + "/" + namespace).getBytes(StandardCharsets.UTF_8);
            try {
                records.add(
                        trimmer.record(
                                topic,
                                key,
                                event.put(CLUSTER_FIELD, cluster),
                                list ? "items[" + i + "]" : "the event"));
            } catch (EventTrimmer.TooLarge e) {
                tooLarge.add(e.getMessage());
            }
        }
        return new Records(records, tooLarge);
    }

    /**
     * The body of an {@code EventList} of these records' values, in this batch's {@code
     * apiVersion}: what the forwarders get when only part of the batch was stored.
     */
    byte[] eventList(List<EventRecord> records) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            body.write(
                    ("{\"kind\":\"EventList\",\"apiVersion\":"
                                    + JSON.writeValueAsString(apiVersion)
                                    + ",\"items\":[")
                            .getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < records.size(); i++) {
                if (i > 0) {
                    body.write(',');
                }
                body.write(records.get(i).record().value());
            }
            body.write("]}".getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory does not fail", e);
        }
        return body.toByteArray();
    }

    private static List<ObjectNode> items(JsonNode items) {
        if (items.isMissingNode() || items.isNull()) {
            return List.of();
        }
        if (!items.isArray()) {
            throw malformed("items of the EventList is not a list");
        }
        List<ObjectNode> events = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            if (!item.isObject()) {
                throw malformed("items[" + i + "] is not a JSON object");
            }
            String kind = item.path("kind").asText("Event");
            if (!kind.equals("Event")) {
                throw malformed(
                        "items[" + i + "] is a " + shortened(kind) + ", not an audit Event");
            }
            events.add((ObjectNode) item);
        }
        return events;
    }

    private static String describe(JacksonException e) {
        String message = e.getOriginalMessage().lines().findFirst().orElse("");
        JsonLocation location = e.getLocation();
        return location == null
                ? message
                : message
                        + " (line "
                        + location.getLineNr()
                        + ", column "
                        + location.getColumnNr()
                        + ")";
    }

    /** Echoes the client's text at a bounded length, so a reason stays one readable line. */
    private static String shortened(String text) {
        String line = text.replaceAll("\\s+", " ");
        return line.length() <= 60 ? line : line.substring(0, 60) + "...";
    }

    private static RequestRejected malformed(String reason) {
        return new RequestRejected(Rejection.MALFORMED, reason);
    }

    /**
     * What of a batch goes to Kafka.
     *
     * @param fitting the records to send, in the order of the batch, trimmed where needed
     * @param tooLarge why each event left out is too large even trimmed, naming it
     */
    record Records(List<EventRecord> fitting, List<String> tooLarge) {}
}
