package io.kubetrace.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The real audit events Falco captured on minikube ({@code ../shared/data/audit/falco}). */
final class AuditCaptures {

    static final ObjectMapper JSON = new ObjectMapper();

    private AuditCaptures() {}

    /** Every captured event, in file-name order: 40 events, one a file. */
    static List<ObjectNode> falcoEvents() {
        // Set by the build; the default serves a run from an IDE in this module's directory.
        Path root = Path.of(System.getProperty("kubetrace.shared-data", "../../shared/data"));
        Path dir = root.resolve("audit").resolve("falco");
        try (Stream<Path> files = Files.list(dir)) {
            List<ObjectNode> events = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                events.add((ObjectNode) JSON.readTree(file.toFile()));
            }
            return events;
        } catch (IOException e) {
            throw new UncheckedIOException("the Falco captures are in " + dir, e);
        }
    }

    /** The events as kube-apiserver's webhook backend posts them: one audit EventList. */
    static byte[] eventList(List<ObjectNode> events) {
        ObjectNode list = JSON.createObjectNode();
        list.put("kind", "EventList").put("apiVersion", "audit.k8s.io/v1").putObject("metadata");
        ArrayNode items = list.putArray("items");
        events.forEach(items::add);
        try {
            return JSON.writeValueAsBytes(list);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The events in batches of {@code size}, as the webhook's batch backend cuts them. */
    static List<List<ObjectNode>> batches(List<ObjectNode> events, int size) {
        List<List<ObjectNode>> batches = new ArrayList<>();
        for (int i = 0; i < events.size(); i += size) {
            batches.add(events.subList(i, Math.min(events.size(), i + size)));
        }
        return batches;
    }

    /** The event as the gateway stores it: with its cluster. */
    static ObjectNode withCluster(ObjectNode event, String cluster) {
        return event.deepCopy().put("cluster", cluster);
    }
}
