package io.kubetrace.sources.kube.watch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.client.Config;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How to reach one cluster, and the name its objects carry in traces. A non-empty {@code masterUrl}
 * is used as it is (no credentials); otherwise the kubeconfig file is read ({@code ""}: {@code
 * $KUBECONFIG} or {@code ~/.kube/config}, and in a pod its service account when there is none) with
 * the context given ({@code ""}: the current one).
 */
public record ClusterConnection(
        String name, String kubeconfigPath, String context, String masterUrl)
        implements Serializable {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    public ClusterConnection {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a cluster needs a name");
        }
        kubeconfigPath = kubeconfigPath == null ? "" : kubeconfigPath;
        context = context == null ? "" : context;
        masterUrl = masterUrl == null ? "" : masterUrl;
    }

    /** A kubeconfig context, named after it. */
    public static ClusterConnection ofContext(String kubeconfigPath, String context) {
        return new ClusterConnection(context, kubeconfigPath, context, "");
    }

    /** An API server reached directly, without credentials (a proxy, or a test server). */
    public static ClusterConnection ofUrl(String name, String masterUrl) {
        return new ClusterConnection(name, "", "", masterUrl);
    }

    /**
     * Every context of a kubeconfig, each a cluster named after its context, in the order the file
     * lists them.
     *
     * @param kubeconfigPath the file, or {@code ""} for the files {@code $KUBECONFIG} names, else
     *     {@code ~/.kube/config}
     */
    public static List<ClusterConnection> ofAllContexts(String kubeconfigPath) throws IOException {
        List<File> files =
                kubeconfigPath.isEmpty()
                        ? Config.getKubeconfigFilenames().stream()
                                .map(File::new)
                                // As the client does, skip the files $KUBECONFIG names that are
                                // not there.
                                .filter(File::isFile)
                                .toList()
                        : List.of(new File(kubeconfigPath));
        Set<String> contexts = new LinkedHashSet<>();
        for (File file : files) {
            for (JsonNode context : YAML.readTree(file).path("contexts")) {
                String name = context.path("name").asText("");
                if (!name.isEmpty()) {
                    contexts.add(name);
                }
            }
        }
        List<ClusterConnection> clusters = new ArrayList<>();
        contexts.forEach(context -> clusters.add(ofContext(kubeconfigPath, context)));
        return clusters;
    }
}
