package io.kubetrace.jobs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kubetrace.jobs.LiveOptions;
import io.kubetrace.jobs.cli.CliErrors.UsageException;
import io.kubetrace.sources.kube.watch.ClusterConnection;
import io.kubetrace.sources.kube.watch.ResourceDiscovery;
import io.kubetrace.sources.kube.watch.WatchedResource;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.flink.configuration.ReadableConfig;

/** Which clusters and resources the live job watches, as its settings say. */
final class WatchTargets {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** An API version, which no API group is named like: {@code v1}, {@code v2beta1}. */
    private static final Pattern VERSION = Pattern.compile("v[0-9]+((alpha|beta)[0-9]+)?");

    /** The {@code watch.resources} entry that watches no cluster. */
    private static final String NONE = "none";

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
     * Whether the job watches clusters at all: not when {@code watch.resources} is {@code none}, or
     * empty, as for a job that reads only the audit topic.
     */
    static boolean watchesClusters(ReadableConfig config) {
        List<String> entries =
                config.get(LiveOptions.RESOURCES).stream()
                        .map(String::trim)
                        .filter(entry -> !entry.isEmpty())
                        .toList();
        if (entries.contains(NONE)) {
            if (entries.size() > 1) {
                throw new UsageException(
                        "watch.resources: 'none' watches no cluster, so it goes alone, not with "
                                + entries.stream().filter(entry -> !entry.equals(NONE)).toList());
            }
            return false;
        }
        return !entries.isEmpty();
    }

    /**
     * The resources: {@code default} stands for kubetrace's default set, {@code all} for every
     * resource the clusters serve but {@code watch.exclude-resources} ({@link ResourceDiscovery},
     * which asks each of the clusters given); others are written {@code group/version/resource}, or
     * {@code version/resource} for the core group.
     *
     * @throws IOException naming the cluster that cannot say which resources it serves
     */
    static List<WatchedResource> resources(ReadableConfig config, List<ClusterConnection> clusters)
            throws IOException {
        Set<WatchedResource> named = new LinkedHashSet<>();
        boolean all = false;
        for (String entry : config.get(LiveOptions.RESOURCES)) {
            String resource = entry.trim();
            if (resource.equals("all")) {
                all = true;
            } else if (resource.equals("default")) {
                named.addAll(WatchedResource.defaults());
            } else {
                named.add(parse(resource));
            }
        }
        if (all) {
            Set<String> excluded = excludedResources(config);
            try {
                return ResourceDiscovery.all(clusters, List.copyOf(named), excluded);
            } catch (IOException e) {
                // Its message names the cluster; the one-line error shows the innermost cause,
                // which would not.
                throw new IOException(e.getMessage());
            }
        }
        if (named.isEmpty()) {
            throw new UsageException("watch.resources is empty: nothing to watch");
        }
        return List.copyOf(named);
    }

    /**
     * {@code watch.exclude-resources}: {@code group/resource}, or {@code resource} for the core
     * group, without a version, since {@code all} chooses the version.
     */
    private static Set<String> excludedResources(ReadableConfig config) {
        Set<String> excluded = new HashSet<>();
        for (String entry : config.get(LiveOptions.EXCLUDE_RESOURCES)) {
            String resource = entry.trim();
            String[] parts = resource.split("/", -1);
            if (parts.length > 2
                    || Arrays.asList(parts).contains("")
                    || (parts.length == 2 && VERSION.matcher(parts[0]).matches())) {
                throw new UsageException(
                        "watch.exclude-resources: '"
                                + resource
                                + "' is not group/resource (coordination.k8s.io/leases) or, for"
                                + " the core group, resource (configmaps); an exclusion holds at"
                                + " every version");
            }
            excluded.add(resource);
        }
        return excluded;
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
                + "' is not 'default', 'all', 'none', group/version/resource"
                + " (apps/v1/deployments) or version/resource (v1/configmaps)";
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
