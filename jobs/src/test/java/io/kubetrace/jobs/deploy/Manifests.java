package io.kubetrace.jobs.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The checkout's deployment files as the tests read them: {@code k8s/} and its kustomization, and
 * {@code flink-conf/}.
 */
public final class Manifests {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Files read once per test run; callers copy a document before they change it. */
    private static final Map<Path, List<JsonNode>> READ = new ConcurrentHashMap<>();

    private Manifests() {}

    /** The checkout ({@code kubetrace.repository}, set by the build; else this module's parent). */
    public static Path repository() {
        return Paths.get(System.getProperty("kubetrace.repository", "..")).toAbsolutePath();
    }

    public static Path k8s() {
        return repository().resolve("k8s");
    }

    public static Path flinkConf() {
        return repository().resolve("flink-conf");
    }

    /** Every document of a YAML file; a file of one document gives one. */
    public static List<JsonNode> documents(Path file) {
        return READ.computeIfAbsent(file.toAbsolutePath().normalize(), Manifests::read);
    }

    private static List<JsonNode> read(Path file) {
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> iterator =
                YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (iterator.hasNextValue()) {
                JsonNode document = iterator.nextValue();
                if (document != null && !document.isNull() && !document.isMissingNode()) {
                    documents.add(document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return List.copyOf(documents);
    }

    /** The kustomization of {@code k8s/}. */
    public static JsonNode kustomization() {
        return documents(k8s().resolve("kustomization.yaml")).get(0);
    }

    /** The objects of every file the kustomization lists under {@code resources}. */
    public static List<JsonNode> resources() {
        List<JsonNode> objects = new ArrayList<>();
        for (JsonNode resource : kustomization().path("resources")) {
            objects.addAll(documents(k8s().resolve(resource.asText())));
        }
        return objects;
    }

    /** The one object of this kind and name among the kustomization's resources. */
    public static JsonNode resource(String kind, String name) {
        List<JsonNode> matching =
                resources().stream()
                        .filter(object -> object.path("kind").asText().equals(kind))
                        .filter(
                                object ->
                                        object.path("metadata").path("name").asText().equals(name))
                        .toList();
        if (matching.size() != 1) {
            throw new IllegalStateException(
                    matching.size() + " " + kind + " objects named " + name + " in k8s/");
        }
        return matching.get(0);
    }

    /**
     * The file the kustomization generates the ConfigMap {@code name} from, whose data key is the
     * file's name.
     */
    public static Path generatedConfigMapFile(String name, String key) {
        for (JsonNode generator : kustomization().path("configMapGenerator")) {
            if (generator.path("name").asText().equals(name)) {
                for (JsonNode file : generator.path("files")) {
                    Path path = k8s().resolve(file.asText());
                    if (path.getFileName().toString().equals(key)) {
                        return path;
                    }
                }
            }
        }
        throw new IllegalStateException(
                "k8s/kustomization.yaml generates no ConfigMap " + name + " with key " + key);
    }

    /**
     * The file a container sees at {@code path}: a key of a ConfigMap volume the kustomization
     * generates, mounted as a directory.
     */
    public static Path mountedConfigFile(JsonNode podSpec, JsonNode container, String path) {
        for (JsonNode mount : container.path("volumeMounts")) {
            String directory = mount.path("mountPath").asText();
            if (path.startsWith(directory + "/") && !mount.has("subPath")) {
                String key = path.substring(directory.length() + 1);
                for (JsonNode volume : podSpec.path("volumes")) {
                    if (volume.path("name").asText().equals(mount.path("name").asText())) {
                        String configMap = volume.path("configMap").path("name").asText();
                        return generatedConfigMapFile(configMap, key);
                    }
                }
            }
        }
        throw new IllegalStateException(
                "no ConfigMap volume of container "
                        + container.path("name").asText()
                        + " is mounted where "
                        + path
                        + " is");
    }
}
