package io.kubetrace.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
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

    /**
     * The captured creation of ConfigMap my-config, its request and response bodies each grown by a
     * data entry of random, so incompressible, text of the given length.
     */
    static ObjectNode largeConfigMap(String auditId, int requestData, int responseData) {
        ObjectNode event =
                falcoEvents().stream()
                        .filter(
                                e ->
                                        e.path("objectRef")
                                                .path("resource")
                                                .asText()
                                                .equals("configmaps"))
                        .filter(e -> e.path("verb").asText().equals("create"))
                        .findFirst()
                        .orElseThrow()
                        .deepCopy();
        event.put("auditID", auditId);
        Random random = new Random(requestData * 31L + responseData);
        ((ObjectNode) event.path("requestObject").path("data"))
                .put("blob", randomText(random, requestData));
        ((ObjectNode) event.path("responseObject").path("data"))
                .put("blob", randomText(random, responseData));
        return event;
    }

    private static String randomText(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes).substring(0, length);
    }

    /** The event as the gateway stores it: with its cluster. */
    static ObjectNode withCluster(ObjectNode event, String cluster) {
        return event.deepCopy().put("cluster", cluster);
    }
}
