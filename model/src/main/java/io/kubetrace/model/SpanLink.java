package io.kubetrace.model;

import java.io.Serializable;

/**
 * A reference from a span to a span of another trace.
 *
 * @param traceId the other trace, 32 hex digits
 * @param spanId the other span, 16 hex digits
 */
public record SpanLink(String traceId, String spanId) implements Serializable {}
