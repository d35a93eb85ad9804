package io.kubetrace.sinks.otlp.receiver;

import com.google.protobuf.ByteString;
import io.kubetrace.model.AttributeType;
import io.kubetrace.model.SpanAttribute;
import io.kubetrace.model.SpanEvent;
import io.kubetrace.model.SpanKind;
import io.kubetrace.model.SpanLink;
import io.kubetrace.model.SpanRecord;
import io.kubetrace.sinks.otlp.SpanDataConverter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/** Reads kubetrace's spans back out of an OTLP request, as a receiver got them. */
public final class ReceivedSpans {

    private static final HexFormat HEX = HexFormat.of();

    private ReceivedSpans() {}

    public static List<SpanRecord> of(ExportTraceServiceRequest request) {
        List<SpanRecord> spans = new ArrayList<>();
        for (ResourceSpans resource : request.getResourceSpansList()) {
            String service = "";
            String cluster = "";
            for (KeyValue attribute : resource.getResource().getAttributesList()) {
                switch (attribute.getKey()) {
                    case "service.name" -> service = attribute.getValue().getStringValue();
                    case "k8s.cluster.name" -> cluster = attribute.getValue().getStringValue();
                    default -> {}
                }
            }
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                for (Span span : scope.getSpansList()) {
                    spans.add(span(span, service, cluster));
                }
            }
        }
        return spans;
    }

    private static SpanRecord span(Span span, String service, String cluster) {
        SpanKind kind = SpanKind.AUDIT;
        List<SpanAttribute> attributes = new ArrayList<>();
        for (KeyValue attribute : span.getAttributesList()) {
            if (attribute.getKey().equals(SpanDataConverter.KIND_ATTRIBUTE)) {
                kind =
                        SpanKind.valueOf(
                                attribute.getValue().getStringValue().toUpperCase(Locale.ROOT));
            } else {
                attributes.add(attribute(attribute));
            }
        }
        List<SpanEvent> events = new ArrayList<>();
        for (Span.Event event : span.getEventsList()) {
            List<SpanAttribute> fields = new ArrayList<>();
            event.getAttributesList().forEach(field -> fields.add(attribute(field)));
            events.add(new SpanEvent(event.getName(), event.getTimeUnixNano(), fields));
        }
        List<SpanLink> links = new ArrayList<>();
        for (Span.Link link : span.getLinksList()) {
            links.add(new SpanLink(hex(link.getTraceId()), hex(link.getSpanId())));
        }
        boolean error = span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR;
        return new SpanRecord(
                hex(span.getTraceId()),
                hex(span.getSpanId()),
                hex(span.getParentSpanId()),
                kind,
                span.getName(),
                service,
                cluster,
                span.getStartTimeUnixNano(),
                span.getEndTimeUnixNano(),
                attributes,
                events,
                error,
                error ? span.getStatus().getMessage() : "",
                links);
    }

    private static SpanAttribute attribute(KeyValue attribute) {
        AnyValue value = attribute.getValue();
        return switch (value.getValueCase()) {
            case INT_VALUE -> SpanAttribute.of(attribute.getKey(), value.getIntValue());
            case BOOL_VALUE -> SpanAttribute.of(attribute.getKey(), value.getBoolValue());
            case STRING_VALUE -> SpanAttribute.of(attribute.getKey(), value.getStringValue());
            default ->
                    new SpanAttribute(
                            attribute.getKey(), AttributeType.STRING, value.toString().strip());
        };
    }

    private static String hex(ByteString bytes) {
        return bytes.isEmpty() ? "" : HEX.formatHex(bytes.toByteArray());
    }
}
