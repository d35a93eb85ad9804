package io.kubetrace.model;

import java.io.Serializable;
import java.util.List;

/**
 * A finished span with its identity fixed by kubetrace (not by a tracer), ready for any sink.
 * Serializable (as are its parts) because Flink's async sinks require it of what they buffer.
 *
 * @param traceId 32 lowercase hex digits
 * @param spanId 16 lowercase hex digits
 * @param parentSpanId the parent span in the same trace, {@code ""} for the trace's root
 * @param kind what the span stands for
 * @param name the span (operation) name
 * @param serviceName the resource kind the span belongs to, shown by Jaeger as the service
 * @param cluster the cluster, also a resource attribute
 * @param startNanos start, epoch nanoseconds
 * @param endNanos end, epoch nanoseconds, not before the start
 * @param attributes the span's attributes
 * @param events the span's events (Jaeger logs), in time order
 * @param error whether the span's status is ERROR
 * @param statusMessage the status description when {@code error}, {@code ""} otherwise
 * @param links spans of other traces this span refers to
 */
public record SpanRecord(
        String traceId,
        String spanId,
        String parentSpanId,
        SpanKind kind,
        String name,
        String serviceName,
        String cluster,
        long startNanos,
        long endNanos,
        List<SpanAttribute> attributes,
        List<SpanEvent> events,
        boolean error,
        String statusMessage,
        List<SpanLink> links)
        implements Serializable {

    public boolean isRoot() {
        return parentSpanId.isEmpty();
    }

    /** The value of a string attribute, or {@code ""} when the span does not have it. */
    public String attribute(String key) {
        for (SpanAttribute attribute : attributes) {
            if (attribute.key().equals(key)) {
                return attribute.value();
            }
        }
        return "";
    }
}
