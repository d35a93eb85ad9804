package io.kubetrace.sinks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubetrace.model.AttributeType;
import io.kubetrace.model.SpanAttribute;
import io.kubetrace.model.SpanEvent;
import io.kubetrace.model.SpanKind;
import io.kubetrace.model.SpanLink;
import io.kubetrace.model.SpanRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Traces in the JSON that Jaeger's query API returns and Jaeger UI's "JSON File" upload reads:
 * {@code {"data":[{"traceID", "spans", "processes"}]}}, times in microseconds. One process per
 * service name and cluster carries the resource attributes. Reading gives the spans back, so tests
 * and the console tree work from what was written.
 */
public final class JaegerJson {

    /** Tag that records kubetrace's span kind, so a written trace can be read back whole. */
    static final String KIND_TAG = "kubetrace.span.kind";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JaegerJson() {}

    /** One trace's spans as a Jaeger JSON document. */
    public static ObjectNode trace(String traceId, List<SpanRecord> spans) {
        Map<String, String> processIds = new LinkedHashMap<>();
        ObjectNode processes = NODES.objectNode();
        ArrayNode spanNodes = NODES.arrayNode();
        List<SpanRecord> ordered = new ArrayList<>(spans);
        ordered.sort(
                Comparator.comparingLong(SpanRecord::startNanos).thenComparing(SpanRecord::spanId));
        for (SpanRecord span : ordered) {
            String processKey = span.serviceName() + '\u0000' + span.cluster();
            String processId = processIds.get(processKey);
            if (processId == null) {
                processId = "p" + (processIds.size() + 1);
                processIds.put(processKey, processId);
                processes.set(processId, process(span));
            }
            spanNodes.add(span(span, processId));
        }
        ObjectNode trace = NODES.objectNode();
        trace.put("traceID", traceId);
        trace.set("spans", spanNodes);
        trace.set("processes", processes);
        trace.putNull("warnings");
        ObjectNode document = NODES.objectNode();
        document.putArray("data").add(trace);
        return document;
    }

    private static ObjectNode process(SpanRecord span) {
        ObjectNode process = NODES.objectNode();
        process.put("serviceName", span.serviceName());
        ArrayNode tags = process.putArray("tags");
        tags.add(tag(SpanAttribute.of("service.namespace", "kubetrace")));
        tags.add(tag(SpanAttribute.of("k8s.cluster.name", span.cluster())));
        return process;
    }

    private static ObjectNode span(SpanRecord span, String processId) {
        ObjectNode node = NODES.objectNode();
        node.put("traceID", span.traceId());
        node.put("spanID", span.spanId());
        node.put("flags", 1);
        node.put("operationName", span.name());
        ArrayNode references = node.putArray("references");
        if (!span.isRoot()) {
            references.add(reference("CHILD_OF", span.traceId(), span.parentSpanId()));
        }
        for (SpanLink link : span.links()) {
            references.add(reference("FOLLOWS_FROM", link.traceId(), link.spanId()));
        }
        long startMicros = Math.floorDiv(span.startNanos(), 1000L);
        node.put("startTime", startMicros);
        node.put("duration", Math.floorDiv(span.endNanos(), 1000L) - startMicros);
        ArrayNode tags = node.putArray("tags");
        tags.add(tag(SpanAttribute.of(KIND_TAG, span.kind().name().toLowerCase(Locale.ROOT))));
        span.attributes().forEach(attribute -> tags.add(tag(attribute)));
        if (span.error()) {
            tags.add(tag(SpanAttribute.of("error", true)));
            tags.add(tag(SpanAttribute.of("otel.status_code", "ERROR")));
            tags.add(tag(SpanAttribute.of("otel.status_description", span.statusMessage())));
        }
        ArrayNode logs = node.putArray("logs");
        for (SpanEvent event : span.events()) {
            ObjectNode log = logs.addObject();
            log.put("timestamp", Math.floorDiv(event.timeNanos(), 1000L));
            ArrayNode fields = log.putArray("fields");
            fields.add(tag(SpanAttribute.of("event", event.name())));
            event.attributes().forEach(attribute -> fields.add(tag(attribute)));
        }
        node.put("processID", processId);
        node.putNull("warnings");
        return node;
    }

    private static ObjectNode reference(String type, String traceId, String spanId) {
        ObjectNode reference = NODES.objectNode();
        reference.put("refType", type);
        reference.put("traceID", traceId);
        reference.put("spanID", spanId);
        return reference;
    }

    private static ObjectNode tag(SpanAttribute attribute) {
        ObjectNode tag = NODES.objectNode();
        tag.put("key", attribute.key());
        switch (attribute.type()) {
            case LONG -> {
                tag.put("type", "int64");
                tag.put("value", Long.parseLong(attribute.value()));
            }
            case BOOLEAN -> {
                tag.put("type", "bool");
                tag.put("value", Boolean.parseBoolean(attribute.value()));
            }
            default -> {
                tag.put("type", "string");
                tag.put("value", attribute.value());
            }
        }
        return tag;
    }

    /** The spans of every trace in a Jaeger JSON document. */
    public static List<SpanRecord> read(JsonNode document) {
        List<SpanRecord> spans = new ArrayList<>();
        for (JsonNode trace : document.path("data")) {
            JsonNode processes = trace.path("processes");
            for (JsonNode span : trace.path("spans")) {
                spans.add(readSpan(span, processes.path(span.path("processID").asText())));
            }
        }
        return spans;
    }

    private static SpanRecord readSpan(JsonNode span, JsonNode process) {
        String parent = "";
        List<SpanLink> links = new ArrayList<>();
        for (JsonNode reference : span.path("references")) {
            if (reference.path("refType").asText().equals("CHILD_OF")) {
                parent = reference.path("spanID").asText();
            } else {
                links.add(
                        new SpanLink(
                                reference.path("traceID").asText(),
                                reference.path("spanID").asText()));
            }
        }
        SpanKind kind = SpanKind.AUDIT;
        boolean error = false;
        String statusMessage = "";
        List<SpanAttribute> attributes = new ArrayList<>();
        for (JsonNode tag : span.path("tags")) {
            SpanAttribute attribute = readTag(tag);
            switch (attribute.key()) {
                case KIND_TAG ->
                        kind = SpanKind.valueOf(attribute.value().toUpperCase(Locale.ROOT));
                case "error" -> error = Boolean.parseBoolean(attribute.value());
                case "otel.status_code" -> {}
                case "otel.status_description" -> statusMessage = attribute.value();
                default -> attributes.add(attribute);
            }
        }
        List<SpanEvent> events = new ArrayList<>();
        for (JsonNode log : span.path("logs")) {
            String name = "";
            List<SpanAttribute> fields = new ArrayList<>();
            for (JsonNode field : log.path("fields")) {
                SpanAttribute attribute = readTag(field);
                if (attribute.key().equals("event")) {
                    name = attribute.value();
                } else {
                    fields.add(attribute);
                }
            }
            events.add(new SpanEvent(name, log.path("timestamp").asLong() * 1000L, fields));
        }
        String cluster = "";
        for (JsonNode tag : process.path("tags")) {
            if (tag.path("key").asText().equals("k8s.cluster.name")) {
                cluster = tag.path("value").asText();
            }
        }
        long startMicros = span.path("startTime").asLong();
        return new SpanRecord(
                span.path("traceID").asText(),
                span.path("spanID").asText(),
                parent,
                kind,
                span.path("operationName").asText(),
                process.path("serviceName").asText(),
                cluster,
                startMicros * 1000L,
                (startMicros + span.path("duration").asLong()) * 1000L,
                attributes,
                events,
                error,
                statusMessage,
                links);
    }

    private static SpanAttribute readTag(JsonNode tag) {
        String key = tag.path("key").asText();
        JsonNode value = tag.path("value");
        return switch (tag.path("type").asText("string")) {
            case "int64" -> new SpanAttribute(key, AttributeType.LONG, value.asText());
            case "bool" -> new SpanAttribute(key, AttributeType.BOOLEAN, value.asText());
            default -> SpanAttribute.of(key, value.asText());
        };
    }
}
