package io.kubetrace.jobs.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every YAML file of {@code k8s/} and {@code flink-conf/} parses, and the kustomization applies
 * every Kubernetes object there but those meant for elsewhere.
 */
class ManifestFilesTest {

    /** Objects that are not applied with {@code kubectl apply -k k8s/}, and why. */
    private static final Set<String> NOT_APPLIED =
            Set.of(
                    // Files for kube-apiserver's flags, on the control-plane hosts.
                    "kube-apiserver",
                    // The operator installs the CRD; the copy is for the schema test.
                    "schemas",
                    // Needs Strimzi's CRDs: its own kustomization.
                    "optional",
                    // kustomize's own configuration.
                    "kustomizeconfig");

    @TempDir Path directory;

    @Test
    void everyYamlFileParsesDocumentByDocument() throws IOException {
        List<Path> files = yamlFiles(Manifests.k8s());
        files.add(Manifests.flinkConf().resolve("config.yaml"));

        for (Path file : files) {
            List<JsonNode> parsed = Manifests.documents(file);
            assertThat(parsed).as(file + " has documents").isNotEmpty();
            for (JsonNode document : parsed) {
                assertThat(document.isObject()).as(file + ": every document is a map").isTrue();
            }
        }
    }

    @Test
    void aBrokenFileDoesNotParse() throws IOException {
        Path broken = Files.writeString(directory.resolve("broken.yaml"), "a: [1, 2\nb: c\n");

        assertThatThrownBy(() -> Manifests.documents(broken)).hasMessageContaining("broken.yaml");
    }

    @Test
    void theKustomizationAppliesEveryObjectButThoseMeantForElsewhere() throws IOException {
        Set<Path> listed = new HashSet<>();
        for (JsonNode resource : Manifests.kustomization().path("resources")) {
            Path file = Manifests.k8s().resolve(resource.asText()).normalize();
            assertThat(file)
                    .as("k8s/kustomization.yaml lists " + resource.asText())
                    .isRegularFile();
            listed.add(file);
        }
        Set<Path> generated = new HashSet<>();
        for (JsonNode generator : Manifests.kustomization().path("configMapGenerator")) {
            for (JsonNode file : generator.path("files")) {
                generated.add(Manifests.k8s().resolve(file.asText()).normalize());
            }
        }

        List<Path> objectsNotApplied = new ArrayList<>();
        for (Path file : yamlFiles(Manifests.k8s())) {
            Path relative = Manifests.k8s().relativize(file);
            boolean elsewhere = NOT_APPLIED.contains(relative.getName(0).toString());
            boolean kustomization = file.getFileName().toString().equals("kustomization.yaml");
            if (elsewhere || kustomization || listed.contains(file.normalize())) {
                continue;
            }
            assertThat(generated)
                    .as(relative + " is neither a resource nor generated")
                    .contains(file.normalize());
            objectsNotApplied.add(relative);
        }
        assertThat(objectsNotApplied)
                .containsExactlyInAnyOrder(
                        Path.of("job/kubetrace.yaml"), Path.of("gateway/gateway.yaml"));
    }

    private static List<Path> yamlFiles(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return new ArrayList<>(
                    paths.filter(Files::isRegularFile)
                            .filter(
                                    path -> {
                                        String name = path.getFileName().toString();
                                        return name.endsWith(".yaml")
                                                || name.endsWith(".yml")
                                                || name.endsWith(".kubeconfig");
                                    })
                            .sorted()
                            .toList());
        }
    }
}
