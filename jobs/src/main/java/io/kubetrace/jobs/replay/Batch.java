package io.kubetrace.jobs.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;

/**
 * The events of one webhook request, gathered as kube-apiserver's batching backend gathers them: up
 * to a maximum count, and from no more than a span of time, so that paced events go out steadily
 * rather than waiting for a full batch.
 */
final class Batch {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int maxEvents;
    private final long maxWaitNanos;
    private final ObjectNode eventList = JSON.createObjectNode();
    private final ArrayNode items;
    private long firstDueNanos;
    private long lastDueNanos;

    /**
     * @param maxEvents the most events a request carries
     * @param maxWait the span of due times one batch gathers
     */
    Batch(int maxEvents, Duration maxWait) {
        this.maxEvents = maxEvents;
        this.maxWaitNanos = maxWait.toNanos();
        eventList.put("kind", "EventList").put("apiVersion", "audit.k8s.io/v1");
        items = eventList.putArray("items");
    }

    /** Whether an event due at the time given still belongs in this batch. */
    boolean accepts(long dueNanos) {
        return isEmpty() || (size() < maxEvents && dueNanos - firstDueNanos < maxWaitNanos);
    }

    void add(ObjectNode event, long dueNanos) {
        if (isEmpty()) {
            firstDueNanos = dueNanos;
        }
        lastDueNanos = dueNanos;
        items.add(event);
    }

    int size() {
        return items.size();
    }

    boolean isEmpty() {
        return items.isEmpty();
    }

    /** When the last event was due: the batch is sent then, not before. */
    long lastDueNanos() {
        return lastDueNanos;
    }

    /** The request body: an {@code audit.k8s.io/v1 EventList} of the events, in order. */
    byte[] body() {
        try {
            return JSON.writeValueAsBytes(eventList);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit events read from JSON always write back", e);
        }
    }
}
