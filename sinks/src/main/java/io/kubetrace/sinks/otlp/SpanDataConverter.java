package io.kubetrace.sinks.otlp;

import io.kubetrace.model.SpanAttribute;
import io.kubetrace.model.SpanEvent;
import io.kubetrace.model.SpanLink;
import io.kubetrace.model.SpanRecord;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns kubetrace's spans into SDK {@link SpanData}, one {@link Resource} per service name and
 * cluster ({@code service.name}, {@code service.namespace=kubetrace}, {@code k8s.cluster.name}), so
 * Jaeger shows the resource kinds as services. Not thread-safe: one per writer.
 */
public final class SpanDataConverter {

    /** The attribute carrying kubetrace's span kind, as the Jaeger JSON files have it too. */
    public static final String KIND_ATTRIBUTE = "kubetrace.span.kind";

    static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
    static final AttributeKey<String> SERVICE_NAMESPACE =
            AttributeKey.stringKey("service.namespace");
    static final AttributeKey<String> CLUSTER_NAME = AttributeKey.stringKey("k8s.cluster.name");

    private final Map<String, Resource> resources = new HashMap<>();

    public SpanData convert(SpanRecord span) {
        SpanContext context = context(span.traceId(), span.spanId());
        SpanContext parent =
                span.isRoot()
                        ? SpanContext.getInvalid()
                        : context(span.traceId(), span.parentSpanId());
        AttributesBuilder attributes = Attributes.builder();
        attributes.put(KIND_ATTRIBUTE, span.kind().name().toLowerCase(Locale.ROOT));
        span.attributes().forEach(attribute -> put(attributes, attribute));
        List<EventData> events = new ArrayList<>(span.events().size());
        for (SpanEvent event : span.events()) {
            AttributesBuilder fields = Attributes.builder();
            event.attributes().forEach(attribute -> put(fields, attribute));
            events.add(EventData.create(event.timeNanos(), event.name(), fields.build()));
        }
        List<LinkData> links = new ArrayList<>(span.links().size());
        for (SpanLink link : span.links()) {
            links.add(LinkData.create(context(link.traceId(), link.spanId())));
        }
        return new KubetraceSpanData(
                span.name(),
                context,
                parent,
                span.error()
                        ? StatusData.create(StatusCode.ERROR, span.statusMessage())
                        : StatusData.unset(),
                span.startNanos(),
                span.endNanos(),
                attributes.build(),
                events,
                links,
                resource(span.serviceName(), span.cluster()));
    }

    private Resource resource(String serviceName, String cluster) {
        return resources.computeIfAbsent(
                serviceName + '\u0000' + cluster,
                key ->
                        Resource.create(
                                Attributes.of(
                                        SERVICE_NAME,
                                        serviceName,
                                        SERVICE_NAMESPACE,
                                        "kubetrace",
                                        CLUSTER_NAME,
                                        cluster)));
    }

    private static SpanContext context(String traceId, String spanId) {
        return SpanContext.create(
                traceId, spanId, TraceFlags.getSampled(), TraceState.getDefault());
    }

    private static void put(AttributesBuilder attributes, SpanAttribute attribute) {
        switch (attribute.type()) {
            case LONG -> attributes.put(attribute.key(), Long.parseLong(attribute.value()));
            case BOOLEAN ->
                    attributes.put(attribute.key(), Boolean.parseBoolean(attribute.value()));
            default -> attributes.put(attribute.key(), attribute.value());
        }
    }
}
