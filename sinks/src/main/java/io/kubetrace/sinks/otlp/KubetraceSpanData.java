package io.kubetrace.sinks.otlp;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.common.InstrumentationLibraryInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.List;

/**
 * A finished span for the OpenTelemetry SDK's exporters and marshalers, with the IDs and times
 * kubetrace computed; the SDK's tracer cannot set either, so the span is given as data.
 */
final class KubetraceSpanData implements SpanData {

    static final InstrumentationScopeInfo SCOPE =
            InstrumentationScopeInfo.builder("kubetrace").setVersion("0.1.0").build();

    @SuppressWarnings("deprecation") // Still abstract in SpanData, so it must be given.
    private static final InstrumentationLibraryInfo LIBRARY =
            InstrumentationLibraryInfo.create("kubetrace", "0.1.0");

    private final String name;
    private final SpanContext context;
    private final SpanContext parent;
    private final StatusData status;
    private final long startNanos;
    private final long endNanos;
    private final Attributes attributes;
    private final List<EventData> events;
    private final List<LinkData> links;
    private final Resource resource;

    KubetraceSpanData(
            String name,
            SpanContext context,
            SpanContext parent,
            StatusData status,
            long startNanos,
            long endNanos,
            Attributes attributes,
            List<EventData> events,
            List<LinkData> links,
            Resource resource) {
        this.name = name;
        this.context = context;
        this.parent = parent;
        this.status = status;
        this.startNanos = startNanos;
        this.endNanos = endNanos;
        this.attributes = attributes;
        this.events = events;
        this.links = links;
        this.resource = resource;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public SpanKind getKind() {
        return SpanKind.INTERNAL;
    }

    @Override
    public SpanContext getSpanContext() {
        return context;
    }

    @Override
    public SpanContext getParentSpanContext() {
        return parent;
    }

    @Override
    public StatusData getStatus() {
        return status;
    }

    @Override
    public long getStartEpochNanos() {
        return startNanos;
    }

    @Override
    public Attributes getAttributes() {
        return attributes;
    }

    @Override
    public List<EventData> getEvents() {
        return events;
    }

    @Override
    public List<LinkData> getLinks() {
        return links;
    }

    @Override
    public long getEndEpochNanos() {
        return endNanos;
    }

    @Override
    public boolean hasEnded() {
        return true;
    }

    @Override
    public int getTotalRecordedEvents() {
        return events.size();
    }

    @Override
    public int getTotalRecordedLinks() {
        return links.size();
    }

    @Override
    public int getTotalAttributeCount() {
        return attributes.size();
    }

    @Override
    @Deprecated
    public InstrumentationLibraryInfo getInstrumentationLibraryInfo() {
        return LIBRARY;
    }

    @Override
    public InstrumentationScopeInfo getInstrumentationScopeInfo() {
        return SCOPE;
    }

    @Override
    public Resource getResource() {
        return resource;
    }
}
