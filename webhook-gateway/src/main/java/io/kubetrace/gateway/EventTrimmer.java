package io.kubetrace.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Fits each audit event into one Kafka record of at most {@code kafka.max-record-size} bytes. An
 * event over it loses its {@code requestObject} and then its {@code responseObject}, the larger
 * first, until it fits, and says what it lost in its annotation {@value #ANNOTATION}. An event that
 * does not fit even then is {@link TooLarge}.
 */
final class EventTrimmer {

    /** The audit annotation that tells the job and the user what the gateway dropped. */
    static final String ANNOTATION = "kubetrace.io/trimmed";

    // The two bodies a RequestResponse event carries; everything else is metadata of bounded size.
    private static final List<String> BODIES = List.of("requestObject", "responseObject");

    private final ObjectMapper json;
    private final long maxRecordSize;

    EventTrimmer(ObjectMapper json, long maxRecordSize) {
        this.json = json;
        this.maxRecordSize = maxRecordSize;
    }

    /**
     * The event's record: the event as it is, or trimmed when key and value are over the limit.
     *
     * @throws TooLarge when the event is over the limit even without both bodies
     */
    EventRecord record(String topic, byte[] key, ObjectNode event, String item) throws TooLarge {
        byte[] value = write(event);
        Optional<String> trimmed = Optional.empty();
        if (key.length + value.length > maxRecordSize) {
            trimmed = Optional.of(trim(event, key.length, key.length + value.length, item));
            value = write(event);
        }
        return new EventRecord(
                item,
                event.path("auditID").asText(""),
                event.path("verb").asText(""),
                objectRef(event),
                new ProducerRecord<>(topic, key, value),
                trimmed);
    }

    /** Drops bodies, the largest first, until the event fits; returns the annotation's text. */
    private String trim(ObjectNode event, int keyBytes, int originalSize, String item)
            throws TooLarge {
        List<String> present = BODIES.stream().filter(event::has).toList();
        List<Body> bodies = new ArrayList<>();
        for (String field : present) {
            bodies.add(new Body(field, write(event.get(field)).length));
        }
        bodies.sort(Comparator.comparingInt(Body::bytes).reversed());
        ObjectNode annotations = annotations(event, item);
        List<String> dropped = new ArrayList<>();
        int size = originalSize;
        for (Body body : bodies) {
            event.remove(body.field());
            dropped.add(body.field() + " (" + body.bytes() + " bytes)");
            String text =
                    String.join(", ", dropped)
                            + " dropped: the event ("
                            + originalSize
                            + " bytes) was over kafka.max-record-size ("
                            + maxRecordSize
                            + " bytes)";
            annotations.put(ANNOTATION, text);
            size = keyBytes + write(event).length;
            if (size <= maxRecordSize) {
                return text;
            }
        }
        throw new TooLarge(
                item
                        + " (auditID "
                        + event.path("auditID").asText("")
                        + ") is "
                        + size
                        + " bytes as a Kafka record"
                        + (present.isEmpty()
                                ? " and has no requestObject or responseObject to drop"
                                : " even without its " + String.join(" and ", present))
                        + ", over kafka.max-record-size ("
                        + maxRecordSize
                        + " bytes)");
    }

    private static ObjectNode annotations(ObjectNode event, String item) {
        JsonNode annotations = event.get("annotations");
        if (annotations == null || annotations.isNull()) {
            return event.putObject("annotations");
        }
        if (!annotations.isObject()) {
            throw new RequestRejected(
                    Rejection.MALFORMED, item + ".annotations is not a map of strings");
        }
        return (ObjectNode) annotations;
    }

    /**
     * {@code configmaps kube-system/big}, {@code widgets.example.com big}, as a log names it; the
     * request URI for a request that names no object ({@code /version}).
     */
    private static String objectRef(ObjectNode event) {
        JsonNode ref = event.path("objectRef");
        if (!ref.isObject()) {
            return event.path("requestURI").asText("");
        }
        String group = ref.path("apiGroup").asText("");
        String subresource = ref.path("subresource").asText("");
        String namespace = ref.path("namespace").asText("");
        return ref.path("resource").asText("")
                + (group.isEmpty() ? "" : "." + group)
                + (subresource.isEmpty() ? "" : "/" + subresource)
                + " "
                + (namespace.isEmpty() ? "" : namespace + "/")
                + ref.path("name").asText("");
    }

    private byte[] write(JsonNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed event always writes back", e);
        }
    }

    private record Body(String field, int bytes) {}

    /** An event over {@code kafka.max-record-size} even trimmed; the message names it and why. */
    static final class TooLarge extends Exception {
        private static final long serialVersionUID = 1L;

        TooLarge(String reason) {
            super(reason, null, false, false);
        }
    }
}
