package io.kubetrace.operators;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The differ on objects of realistic sizes: the field diff of one object's last version and its
 * next, as {@link ObjectDiffer} makes it for every update. {@code diff} is {@link FieldDiff} alone
 * on parsed versions; {@code parseAndDiff} also parses both versions from their JSON text, as the
 * differ does (the last version comes from state as text, the new one from the source).
 *
 * <p>The objects: a real Pod and Deployment from the kspan capture ({@code
 * ../shared/data/events/kspan-deployment-2-pods.yaml}), each with a change such as the kubelet and
 * the deployment controller make (a container turning ready; a new image); and two SYNTHETIC large
 * objects: a ConfigMap of 200 keys of 512 characters with one key changed, and a Node with 40
 * images whose five conditions all get a new heartbeat time, as the kubelet writes every few
 * seconds. It lives in the operators' package because {@link FieldDiff} is theirs alone.
 */
@State(Scope.Thread)
public class DifferBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Which object: pod, deployment, configmap-large, node-status. */
    @Param({"pod", "deployment", "configmap-large", "node-status"})
    public String object;

    /** The kspan capture, where the Pod and Deployment come from. */
    @Param("")
    public String kspan;

    private String beforeText;
    private String afterText;
    private JsonNode before;
    private JsonNode after;

    @Setup
    public void load() throws IOException {
        ObjectNode first =
                switch (object) {
                    case "pod" -> captured("Pod");
                    case "deployment" -> captured("Deployment");
                    case "configmap-large" -> configMap();
                    case "node-status" -> node();
                    default -> throw new IllegalArgumentException("no object " + object);
                };
        ObjectNode next = first.deepCopy();
        change(next);
        beforeText = JSON.writeValueAsString(first);
        afterText = JSON.writeValueAsString(next);
        before = JSON.readTree(beforeText);
        after = JSON.readTree(afterText);
        if (FieldDiff.between(before, after, false).isEmpty()) {
            throw new IllegalStateException("the " + object + " change makes no diff");
        }
    }

    /** Characters of the object's JSON (its last version), for the report. */
    public int objectSize() {
        return beforeText.length();
    }

    @Benchmark
    public List<String> diff() {
        return FieldDiff.between(before, after, false);
    }

    @Benchmark
    public List<String> parseAndDiff() throws IOException {
        return FieldDiff.between(JSON.readTree(beforeText), JSON.readTree(afterText), false);
    }

    private ObjectNode captured(String kind) throws IOException {
        Path capture = Path.of(kspan);
        if (!Files.isRegularFile(capture)) {
            throw new IllegalArgumentException("no kspan capture at " + capture);
        }
        ObjectNode largest = null;
        List<JsonNode> documents =
                new YAMLMapper()
                        .readerFor(JsonNode.class)
                        .<JsonNode>readValues(capture.toFile())
                        .readAll();
        for (JsonNode document : documents) {
            if (document.path("kind").asText().equals(kind)
                    && (largest == null
                            || document.toString().length() > largest.toString().length())) {
                largest = (ObjectNode) document;
            }
        }
        if (largest == null) {
            throw new IllegalArgumentException("no " + kind + " in " + capture);
        }
        return largest;
    }

    private void change(ObjectNode next) {
        ObjectNode metadata = (ObjectNode) next.get("metadata");
        metadata.put(
                "resourceVersion",
                String.valueOf(Long.parseLong(metadata.path("resourceVersion").asText("1")) + 1));
        switch (object) {
            case "pod" -> {
                for (JsonNode condition : next.path("status").path("conditions")) {
                    ((ObjectNode) condition)
                            .put("status", "True")
                            .put("lastTransitionTime", "2021-05-19T09:43:20Z");
                }
                for (JsonNode container : next.path("status").path("containerStatuses")) {
                    ((ObjectNode) container).put("ready", true).put("started", true);
                }
            }
            case "deployment" -> {
                metadata.put("generation", metadata.path("generation").asLong() + 1);
                for (JsonNode container :
                        next.path("spec").path("template").path("spec").path("containers")) {
                    ((ObjectNode) container).put("image", "ghcr.io/stefanprodan/podinfo:6.0.0");
                }
                ((ObjectNode) next.get("status")).put("updatedReplicas", 1);
            }
            case "configmap-large" -> ((ObjectNode) next.get("data")).put("key-100", "changed");
            default -> {
                for (JsonNode condition : next.path("status").path("conditions")) {
                    ((ObjectNode) condition).put("lastHeartbeatTime", "2026-11-01T10:00:10Z");
                }
            }
        }
    }

    private static ObjectNode configMap() {
        ObjectNode map = JSON.createObjectNode();
        map.put("apiVersion", "v1").put("kind", "ConfigMap");
        map.putObject("metadata")
                .put("name", "large")
                .put("namespace", "team-1")
                .put("uid", "9d0f3c1e-2a4b-4c6d-8e0f-1a2b3c4d5e6f")
                .put("resourceVersion", "1000");
        ObjectNode data = map.putObject("data");
        for (int i = 0; i < 200; i++) {
            data.put("key-" + i, ("value " + i + " ").repeat(64).substring(0, 512));
        }
        return map;
    }

    private static ObjectNode node() {
        ObjectNode node = JSON.createObjectNode();
        node.put("apiVersion", "v1").put("kind", "Node");
        node.putObject("metadata")
                .put("name", "sim-1-worker-1")
                .put("uid", "0c9d8e7f-6a5b-4c3d-2e1f-0a9b8c7d6e5f")
                .put("resourceVersion", "2000")
                .putObject("labels")
                .put("kubernetes.io/hostname", "sim-1-worker-1")
                .put("kubernetes.io/os", "linux")
                .put("node.kubernetes.io/instance-type", "m5.xlarge")
                .put("topology.kubernetes.io/zone", "eu-west-1a");
        ObjectNode status = node.putObject("status");
        status.putObject("capacity").put("cpu", "4").put("memory", "16211996Ki").put("pods", "110");
        status.putObject("allocatable")
                .put("cpu", "3920m")
                .put("memory", "15186972Ki")
                .put("pods", "110");
        ArrayNode conditions = status.putArray("conditions");
        for (String type :
                List.of("MemoryPressure", "DiskPressure", "PIDPressure", "Ready", "NetworkReady")) {
            conditions
                    .addObject()
                    .put("type", type)
                    .put("status", type.endsWith("Ready") ? "True" : "False")
                    .put("lastHeartbeatTime", "2026-11-01T10:00:00Z")
                    .put("lastTransitionTime", "2026-10-01T08:00:00Z")
                    .put("reason", "Kubelet" + type)
                    .put("message", "kubelet reports " + type + " as expected");
        }
        ArrayNode addresses = status.putArray("addresses");
        addresses.addObject().put("type", "InternalIP").put("address", "10.0.1.17");
        addresses.addObject().put("type", "Hostname").put("address", "sim-1-worker-1");
        ArrayNode images = status.putArray("images");
        for (int i = 0; i < 40; i++) {
            ObjectNode image = images.addObject();
            image.putArray("names")
                    .add(
                            "registry.example.com/team-"
                                    + i
                                    + "/service@sha256:"
                                    + "0123456789abcdef".repeat(4))
                    .add("registry.example.com/team-" + i + "/service:v1." + i);
            image.put("sizeBytes", 50_000_000L + i * 1_234_567L);
        }
        status.putObject("nodeInfo")
                .put("kubeletVersion", "v1.30.2")
                .put("containerRuntimeVersion", "containerd://1.7.18")
                .put("osImage", "Ubuntu 22.04.4 LTS")
                .put("kernelVersion", "5.15.0-1064-aws")
                .put("architecture", "amd64");
        return node;
    }
}
