package io.kubetrace.jobs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kubetrace.jobs.LiveOptions;
import io.kubetrace.jobs.cli.CliErrors.UsageException;
import io.kubetrace.sources.kube.watch.ClusterConnection;
import io.kubetrace.sources.kube.watch.WatchedResource;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.ReadableConfig;

/** Which clusters and resources the live job watches, as its settings say. */
final class WatchTargets {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private WatchTargets() {}

    /**
     * The clusters: {@code watch.server} alone when set; else the {@code watch.contexts} of the
     * kubeconfig ({@code *}: all of them); else its current context, or the pod's service account
     * when there is no kubeconfig.
     */
    static List<ClusterConnection> clusters(ReadableConfig config) throws IOException {
        String kubeconfig = config.get(LiveOptions.KUBECONFIG);
        String server = config.get(LiveOptions.SERVER);
        List<String> contexts = config.get(LiveOptions.CONTEXTS);
        String name = config.getOptional(LiveOptions.CLUSTER_NAME).orElse(null);
        if (!server.isEmpty()) {
            return List.of(ClusterConnection.ofUrl(name == null ? "default" : name, server));
        }
        if (contexts.equals(List.of("*"))) {
            List<ClusterConnection> all = ClusterConnection.ofAllContexts(kubeconfig);
            if (all.isEmpty()) {
                throw new UsageException("the kubeconfig has no contexts to watch");
            }
            return all;
        }
        if (contexts.isEmpty()) {
            String current = currentContext(kubeconfig);
            return List.of(
                    new ClusterConnection(
                            name != null ? name : current.isEmpty() ? "default" : current,
                            kubeconfig,
                            current,
                            ""));
        }
        if (name != null && contexts.size() > 1) {
            throw new UsageException(
                    "watch.cluster-name names one cluster, but "
                            + contexts.size()
                            + " contexts are watched; their clusters are named after them");
        }
        List<ClusterConnection> clusters = new ArrayList<>();
        for (String context : new LinkedHashSet<>(contexts)) {
            clusters.add(
                    new ClusterConnection(name != null ? name : context, kubeconfig, context, ""));
        }
        return clusters;
    }

    /**
     * The resources: {@code default} stands for kubetrace's default set; others are written {@code
     * group/version/resource}, or {@code version/resource} for the core group.
     */
    static List<WatchedResource> resources(ReadableConfig config) {
        Set<WatchedResource> resources = new LinkedHashSet<>();
        for (String entry : config.get(LiveOptions.RESOURCES)) {
            String resource = entry.trim();
            if (resource.equals("default")) {
                resources.addAll(WatchedResource.defaults());
            } else {
                resources.add(parse(resource));
            }
        }
        if (resources.isEmpty()) {
            throw new UsageException("watch.resources is empty: nothing to watch");
        }
        return List.copyOf(resources);
    }

    private static WatchedResource parse(String resource) {
        String[] parts = resource.split("/", -1);
        for (String part : parts) {
            if (part.isEmpty()) {
                throw new UsageException(badResource(resource));
            }
        }
        return switch (parts.length) {
            case 2 -> new WatchedResource("", parts[0], parts[1]);
            case 3 -> new WatchedResource(parts[0], parts[1], parts[2]);
            default -> throw new UsageException(badResource(resource));
        };
    }

    private static String badResource(String resource) {
        return "watch.resources: '"
                + resource
                + "' is not 'default', group/version/resource (apps/v1/deployments) or"
                + " version/resource (v1/configmaps)";
    }

    /**
     * The current context of the kubeconfig, {@code ""} when there is no kubeconfig (in a pod,
     * where the service account is used) or it names none.
     */
    private static String currentContext(String kubeconfig) throws IOException {
        File file = kubeconfigFile(kubeconfig);
        if (file == null) {
            return "";
        }
        JsonNode root = YAML.readTree(file);
        return root == null ? "" : root.path("current-context").asText("");
    }

    private static File kubeconfigFile(String kubeconfig) {
        if (!kubeconfig.isEmpty()) {
            File file = new File(kubeconfig);
            if (!file.isFile()) {
                throw new UsageException("no kubeconfig file at " + kubeconfig);
            }
            return file;
        }
        String fromEnvironment = System.getenv("KUBECONFIG");
        if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
            for (String path : fromEnvironment.split(File.pathSeparator)) {
                File file = new File(path);
                if (file.isFile()) {
                    return file;
                }
            }
        }
        File home = new File(System.getProperty("user.home"), ".kube/config");
        return home.isFile() ? home : null;
    }
}
