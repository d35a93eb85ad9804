package io.kubetrace.bench.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubetrace.jobs.simulate.AuditSimulator;
import io.kubetrace.jobs.simulate.SimulationOptions;
import io.kubetrace.model.KubeTime;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Audit events as kube-apiserver's webhook backend posts them: the simulator's rollouts in one
 * cluster (Deployments with their ReplicaSets and Pods, over 10 namespaces), cut into EventList
 * batches. A live benchmark stamps each batch with the time it is posted, so the job sees events
 * that are happening now.
 */
final class WebhookBatches {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Audit events a simulated Deployment's lifecycle writes, with some to spare. */
    private static final int EVENTS_PER_DEPLOYMENT = 40;

    private final List<ObjectNode> events;

    private WebhookBatches(List<ObjectNode> events) {
        this.events = events;
    }

    /** At least {@code count} simulated audit events, in the order the simulator wrote them. */
    static WebhookBatches simulate(int count) throws IOException {
        int deployments = Math.max(1, count / EVENTS_PER_DEPLOYMENT * 2);
        SimulationOptions options =
                new SimulationOptions(
                        deployments,
                        3,
                        0,
                        0,
                        1,
                        10,
                        50,
                        Instant.parse("2026-01-01T00:00:00Z"),
                        Duration.ofHours(1),
                        42,
                        false);
        Path file = Files.createTempFile("kubetrace-bench-audit", ".jsonl");
        try {
            try (Writer audit = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                new AuditSimulator(options).write(audit);
            }
            List<ObjectNode> events = new ArrayList<>(count);
            try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                for (String line = lines.readLine();
                        line != null && events.size() < count;
                        line = lines.readLine()) {
                    events.add((ObjectNode) JSON.readTree(line));
                }
            }
            if (events.size() < count) {
                throw new IllegalStateException(
                        "the simulation wrote " + events.size() + " events, not " + count);
            }
            return new WebhookBatches(events);
        } finally {
            Files.delete(file);
        }
    }

    int events() {
        return events.size();
    }

    /** The events from {@code from}, {@code size} of them, wrapping around at the end. */
    List<ObjectNode> slice(long from, int size) {
        List<ObjectNode> slice = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            slice.add(events.get((int) ((from + i) % events.size())));
        }
        return slice;
    }

    /**
     * The EventList body of a batch, each event received and stored at {@code epochNanos}: the
     * events of one batch are as close together as a batch allows.
     */
    static byte[] eventList(List<ObjectNode> batch, long epochNanos) throws IOException {
        String now = KubeTime.formatMicros(epochNanos);
        ObjectNode list = JSON.createObjectNode();
        list.put("kind", "EventList").put("apiVersion", "audit.k8s.io/v1");
        ArrayNode items = list.putArray("items");
        for (ObjectNode event : batch) {
            ObjectNode stamped = event.deepCopy();
            stamped.put("requestReceivedTimestamp", now);
            stamped.put("stageTimestamp", now);
            items.add(stamped);
        }
        return JSON.writeValueAsBytes(list);
    }

    /** The audit ID of an event, which its change span carries as {@code audit.id}. */
    static String auditId(ObjectNode event) {
        return event.path("auditID").asText();
    }
}
