package io.kubetrace.jobs.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubetrace.jobs.SharedData;
import io.kubetrace.model.ParsedAudit;
import io.kubetrace.sources.audit.AuditEventParser;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AuditSimulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<JsonNode> simulate(SimulationOptions options) throws IOException {
        StringWriter out = new StringWriter();
        new AuditSimulator(options).write(out);
        List<JsonNode> events = new ArrayList<>();
        for (String line : out.toString().split("\n")) {
            events.add(JSON.readTree(line));
        }
        return events;
    }

    private static SimulationOptions oneDeployment(int replicas) {
        return new SimulationOptions(
                1,
                replicas,
                0,
                0,
                1,
                1,
                3,
                Instant.parse("2026-11-01T10:00:00Z"),
                Duration.ZERO,
                7,
                false);
    }

    /**
     * The controller actions of a rolling image update in the real kspan capture (a 2-replica
     * Deployment, maxSurge 1) and in the simulated one must be the same, in the same order. Events
     * are recorded after the action: the replicaset controller's SuccessfulDelete is recorded a few
     * milliseconds before the deployment controller's ScalingReplicaSet that caused it, so the
     * capture's pairs are put back in causal order.
     */
    @Test
    void rollsOutANewImageInTheOrderOfTheRealCapture() throws IOException {
        List<String> captured = causalOrder(kspanActions());
        assertThat(captured)
                .containsExactly(
                        "scale up new to 1",
                        "create pod of new",
                        "bind pod",
                        "pod started",
                        "scale down old to 1",
                        "delete pod of old",
                        "scale up new to 2",
                        "create pod of new",
                        "bind pod",
                        "pod started",
                        "scale down old to 0",
                        "delete pod of old");

        assertThat(simulatedImageUpdate(simulate(oneDeployment(1)))).isEqualTo(captured);
    }

    @Test
    void writesEventsInTimeOrderWithResourceVersionsThatIncrease() throws IOException {
        List<JsonNode> events =
                simulate(
                        new SimulationOptions(
                                4,
                                2,
                                2,
                                2,
                                2,
                                2,
                                3,
                                Instant.parse("2026-11-01T10:00:00Z"),
                                Duration.ofMinutes(3),
                                3,
                                false));
        AuditEventParser parser = new AuditEventParser("unused", 64 * 1024);
        Map<String, Long> lastVersion = new HashMap<>();
        long lastStage = Long.MIN_VALUE;
        for (JsonNode event : events) {
            ParsedAudit parsed = parser.parse(event, "sim", 1);
            assertThat(parsed.rejection()).isNull();
            assertThat(parsed.record().stageNanos()).isGreaterThanOrEqualTo(lastStage);
            lastStage = parsed.record().stageNanos();
            String version = parsed.record().newResourceVersion();
            if (!version.isEmpty()) {
                long previous = lastVersion.getOrDefault(parsed.record().cluster(), 0L);
                assertThat(Long.parseLong(version)).isGreaterThan(previous);
                lastVersion.put(parsed.record().cluster(), Long.parseLong(version));
            }
        }
        assertThat(lastVersion).containsOnlyKeys("sim-1", "sim-2");
        assertThat(events)
                .extracting(event -> event.path("user").path("username").asText())
                .contains(
                        "kubernetes-admin",
                        "system:serviceaccount:kube-system:deployment-controller",
                        "system:serviceaccount:kube-system:replicaset-controller",
                        "system:serviceaccount:kube-system:cronjob-controller",
                        "system:serviceaccount:kube-system:job-controller",
                        "system:serviceaccount:kube-system:statefulset-controller",
                        "system:serviceaccount:kube-system:generic-garbage-collector",
                        "system:kube-scheduler");
    }

    @Test
    void writesTheSameEventsForTheSameSeed() throws IOException {
        assertThat(simulate(oneDeployment(2))).isEqualTo(simulate(oneDeployment(2)));
    }

    @Test
    void keptWorkloadsStayWithTheirPods() throws IOException {
        StringWriter versions = new StringWriter();
        new AuditSimulator(
                        new SimulationOptions(
                                1,
                                2,
                                0,
                                1,
                                1,
                                1,
                                3,
                                Instant.parse("2026-11-01T10:00:00Z"),
                                Duration.ZERO,
                                5,
                                true))
                .write(new StringWriter(), versions);
        Map<String, Integer> live = new HashMap<>();
        for (String line : versions.toString().split("\n")) {
            JsonNode watchEvent = JSON.readTree(line);
            String kind = watchEvent.path("object").path("kind").asText();
            switch (watchEvent.path("type").asText()) {
                case "ADDED" -> live.merge(kind, 1, Integer::sum);
                case "DELETED" -> live.merge(kind, -1, Integer::sum);
                default -> {}
            }
        }

        assertThat(live)
                .containsEntry("Deployment", 1)
                .containsEntry("StatefulSet", 1)
                .containsEntry("ReplicaSet", 2)
                .containsEntry("Pod", 4);
    }

    /** Reason and message of each Event in the capture, in the order they were recorded. */
    private static List<String> kspanActions() throws IOException {
        String capture = Files.readString(SharedData.path("events/kspan-deployment-2-pods.yaml"));
        List<String> actions = new ArrayList<>();
        Pattern scaled = Pattern.compile("Scaled (up|down) replica set (\\S+) to (\\d+)");
        for (String document : capture.split("\n# ")) {
            if (!document.startsWith("{\"time\"") || !document.contains("\"kind\":\"Event\"")) {
                continue;
            }
            String reason = field(document, "reason");
            String message = field(document, "message");
            switch (reason) {
                case "ScalingReplicaSet" -> {
                    Matcher matcher = scaled.matcher(message);
                    matcher.find();
                    String which = matcher.group(2).equals("px-5d567cc74c") ? "new" : "old";
                    actions.add(
                            "scale " + matcher.group(1) + " " + which + " to " + matcher.group(3));
                }
                case "SuccessfulCreate" ->
                        actions.add(
                                "create pod of "
                                        + (message.contains("px-5d567cc74c") ? "new" : "old"));
                case "SuccessfulDelete" ->
                        actions.add(
                                "delete pod of "
                                        + (message.contains("px-5d567cc74c") ? "new" : "old"));
                case "Scheduled" -> actions.add("bind pod");
                case "Started" -> actions.add("pod started");
                default -> {}
            }
        }
        return actions;
    }

    private static String field(String document, String name) {
        Matcher matcher = Pattern.compile("(?m)^" + name + ": '?(.*?)'?$").matcher(document);
        return matcher.find() ? matcher.group(1) : "";
    }

    private static List<String> causalOrder(List<String> actions) {
        List<String> ordered = new ArrayList<>(actions);
        for (int i = 0; i + 1 < ordered.size(); i++) {
            if (ordered.get(i).startsWith("delete pod")
                    && ordered.get(i + 1).startsWith("scale down")) {
                ordered.set(i + 1, ordered.set(i, ordered.get(i + 1)));
            }
        }
        return ordered;
    }

    /**
     * The same vocabulary read off simulated audit events, from the image update to the next scale.
     */
    private static List<String> simulatedImageUpdate(List<JsonNode> events) {
        List<String> actions = new ArrayList<>();
        boolean updating = false;
        String newReplicaSet = "";
        for (JsonNode event : events) {
            String user = event.path("user").path("username").asText();
            String verb = event.path("verb").asText();
            String resource = event.path("objectRef").path("resource").asText();
            String subresource = event.path("objectRef").path("subresource").asText();
            JsonNode response = event.path("responseObject");
            if (user.equals("kubernetes-admin")
                    && resource.equals("deployments")
                    && verb.equals("patch")) {
                updating = subresource.isEmpty();
                continue;
            }
            if (!updating) {
                continue;
            }
            String name = response.path("metadata").path("name").asText();
            if (user.endsWith(":deployment-controller")
                    && resource.equals("replicasets")
                    && subresource.isEmpty()) {
                if (verb.equals("create")) {
                    newReplicaSet = name;
                }
                int replicas = response.path("spec").path("replicas").asInt();
                boolean isNew = name.equals(newReplicaSet);
                actions.add("scale " + (isNew ? "up new" : "down old") + " to " + replicas);
            } else if (user.endsWith(":replicaset-controller")
                    && resource.equals("pods")
                    && subresource.isEmpty()) {
                String owner =
                        response.path("metadata")
                                .path("ownerReferences")
                                .path(0)
                                .path("name")
                                .asText();
                actions.add(verb + " pod of " + (owner.equals(newReplicaSet) ? "new" : "old"));
            } else if (subresource.equals("binding")) {
                actions.add("bind pod");
            } else if (user.startsWith("system:node:")
                    && subresource.equals("status")
                    && response.path("status").path("phase").asText().equals("Running")
                    && response.path("status")
                            .path("containerStatuses")
                            .path(0)
                            .path("ready")
                            .asBoolean()) {
                actions.add("pod started");
            }
        }
        return actions;
    }
}
