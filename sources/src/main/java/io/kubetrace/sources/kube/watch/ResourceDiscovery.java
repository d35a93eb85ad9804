package io.kubetrace.sources.kube.watch;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupList;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.APIVersions;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code watch.resources: all} stands for (DESIGN §3): every resource the clusters' API
 * servers serve that can be listed and watched, as their discovery documents say.
 */
public final class ResourceDiscovery {

    private static final Logger LOG = LoggerFactory.getLogger(ResourceDiscovery.class);

    private static final List<String> LIST_AND_WATCH = List.of("list", "watch");

    private ResourceDiscovery() {}

    /**
     * The resources to watch in every cluster: those named, then each one some cluster serves,
     * unless it is excluded or named at any version. The source watches the same resources in every
     * cluster, so this is what any of them serves, each at one version: the preferred one of the
     * first cluster that serves it. A cluster that does not serve one answers its list with {@code
     * 404}: its split warns once and asks again with backoff.
     *
     * @param excluded resources left out at every version, as {@code group/resource}, or {@code
     *     resource} for the core group; a named resource is watched all the same
     * @throws IOException naming the cluster when one cannot say what it serves
     */
    public static List<WatchedResource> all(
            List<ClusterConnection> clusters, List<WatchedResource> named, Set<String> excluded)
            throws IOException {
        Set<WatchedResource> resources = new LinkedHashSet<>(named);
        Set<String> taken = new HashSet<>(excluded);
        named.forEach(resource -> taken.add(resource.groupResource()));
        for (ClusterConnection cluster : clusters) {
            for (WatchedResource resource : served(cluster)) {
                if (taken.add(resource.groupResource())) {
                    resources.add(resource);
                }
            }
        }
        return List.copyOf(resources);
    }

    /**
     * Every resource a cluster serves that can be listed and watched, at its group's preferred
     * version: the core group's first, then each group's in the order the API server gives them.
     * Subresources ({@code pods/log}) are parts of their resource, not resources to watch. A group
     * that cannot say what it serves (an aggregated API whose backend is down answers {@code 503})
     * is left out with a warning, as kubectl does.
     *
     * @throws IOException naming the cluster when its API server cannot be asked
     */
    public static List<WatchedResource> served(ClusterConnection cluster) throws IOException {
        KubernetesClient client;
        try {
            client = KubeClients.connectForDiscovery(cluster);
        } catch (KubernetesClientException e) {
            // A kubeconfig that cannot be read, or has no such context.
            throw new IOException("cluster " + cluster.name() + ": " + e.getMessage(), e);
        }
        try (client) {
            return served(client, cluster);
        } catch (KubernetesClientException e) {
            throw new IOException(
                    "cluster "
                            + cluster.name()
                            + ": cannot ask "
                            + client.getMasterUrl()
                            + " which resources it serves: "
                            + reason(e),
                    e);
        }
    }

    private static List<WatchedResource> served(KubernetesClient client, ClusterConnection cluster)
            throws IOException {
        APIVersions core = client.getAPIVersions();
        APIGroupList groups = client.getApiGroups();
        if (core == null || core.getVersions().isEmpty() || groups == null) {
            throw new IOException(
                    "cluster "
                            + cluster.name()
                            + ": "
                            + client.getMasterUrl()
                            + " has no discovery documents (/api, /apis); is it a Kubernetes"
                            + " API server?");
        }
        // The core group has no preferred version; it lists its versions by preference.
        List<WatchedResource> resources =
                new ArrayList<>(watchable(client, cluster, "", core.getVersions().get(0)));
        for (APIGroup group : groups.getGroups()) {
            GroupVersionForDiscovery preferred = preferredVersion(group);
            if (preferred != null) {
                resources.addAll(
                        watchable(client, cluster, group.getName(), preferred.getVersion()));
            }
        }
        return resources;
    }

    private static GroupVersionForDiscovery preferredVersion(APIGroup group) {
        if (group.getPreferredVersion() != null) {
            return group.getPreferredVersion();
        }
        return group.getVersions().isEmpty() ? null : group.getVersions().get(0);
    }

    private static List<WatchedResource> watchable(
            KubernetesClient client, ClusterConnection cluster, String group, String version) {
        String groupVersion = group.isEmpty() ? version : group + '/' + version;
        APIResourceList served;
        try {
            served = client.getApiResources(groupVersion);
        } catch (KubernetesClientException e) {
            LOG.warn(
                    "cluster {}: leaving out {}, which cannot say what it serves: {}",
                    cluster.name(),
                    groupVersion,
                    reason(e));
            return List.of();
        }
        if (served == null) {
            // Gone since /apis listed it (404).
            return List.of();
        }
        List<WatchedResource> resources = new ArrayList<>();
        for (APIResource resource : served.getResources()) {
            if (!resource.getName().contains("/")
                    && resource.getVerbs().containsAll(LIST_AND_WATCH)) {
                resources.add(new WatchedResource(group, version, resource.getName()));
            }
        }
        return resources;
    }

    /**
     * What went wrong, in a line: the API server's answer, else what broke the connection, which
     * the client's own message ("An error has occurred.") does not say.
     */
    private static String reason(KubernetesClientException failure) {
        if (failure.getCode() > 0) {
            Status status = failure.getStatus();
            return status == null || status.getMessage() == null
                    ? "HTTP " + failure.getCode()
                    : "HTTP " + failure.getCode() + " (" + status.getMessage() + ")";
        }
        StringJoiner causes = new StringJoiner(": ");
        for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
            // The client wraps what failed in a bare IOException, which adds nothing.
            if (cause.getMessage() != null) {
                causes.add(cause.getClass().getSimpleName() + " (" + cause.getMessage() + ")");
            } else if (cause.getClass() != IOException.class) {
                causes.add(cause.getClass().getSimpleName());
            }
        }
        return causes.length() == 0 ? failure.getMessage() : causes.toString();
    }
}
