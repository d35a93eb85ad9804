package io.kubetrace.model;

import java.io.Serializable;
import java.util.List;

/**
 * A timestamped annotation on a span (a log in Jaeger's words): a diff, a snapshot, an error.
 *
 * @param name the event name, such as {@code snapshot} or {@code error}
 * @param timeNanos when it happened, epoch nanoseconds
 * @param attributes what it says
 */
public record SpanEvent(String name, long timeNanos, List<SpanAttribute> attributes)
        implements Serializable {}
