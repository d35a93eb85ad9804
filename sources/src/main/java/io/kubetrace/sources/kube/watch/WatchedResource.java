package io.kubetrace.sources.kube.watch;

import io.kubetrace.model.KubeResources;
import java.io.Serializable;
import java.util.List;

/**
 * A Kubernetes resource to list and watch in every cluster: its API group ({@code ""} for core),
 * version and plural resource name, as in {@code apps/v1 deployments}.
 */
public record WatchedResource(String group, String version, String resource)
        implements Serializable {

    public WatchedResource {
        if (group == null || version == null || version.isEmpty()) {
            throw new IllegalArgumentException("a watched resource needs a group and a version");
        }
        if (resource == null || resource.isEmpty()) {
            throw new IllegalArgumentException("a watched resource needs a resource name");
        }
    }

    /** The resources kubetrace traces by default (DESIGN §3), and the Events about them. */
    public static List<WatchedResource> defaults() {
        return List.of(
                new WatchedResource("apps", "v1", "deployments"),
                new WatchedResource("apps", "v1", "replicasets"),
                new WatchedResource("apps", "v1", "statefulsets"),
                new WatchedResource("apps", "v1", "daemonsets"),
                new WatchedResource("batch", "v1", "jobs"),
                new WatchedResource("batch", "v1", "cronjobs"),
                new WatchedResource("", "v1", "pods"),
                new WatchedResource("", "v1", "services"),
                new WatchedResource("", "v1", "nodes"),
                new WatchedResource("", "v1", "namespaces"),
                new WatchedResource("", "v1", "persistentvolumeclaims"),
                new WatchedResource("", "v1", "persistentvolumes"),
                new WatchedResource("autoscaling", "v2", "horizontalpodautoscalers"),
                new WatchedResource("networking.k8s.io", "v1", "ingresses"),
                new WatchedResource("", "v1", "events"));
    }

    /** The apiVersion of its objects: {@code apps/v1}, or {@code v1} for core. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + '/' + version;
    }

    /**
     * The resource at any version, as {@code watch.exclude-resources} names it: {@code
     * apps/deployments}, or {@code pods} for core.
     */
    String groupResource() {
        return group.isEmpty() ? resource : group + '/' + resource;
    }

    /**
     * The kind of its objects when kubetrace knows the resource, else {@code null}: list items then
     * take the kind their list names.
     */
    String knownKind() {
        String kind = KubeResources.kindOf(group, resource);
        return kind.isEmpty() ? null : kind;
    }

    /** As in a path: {@code apps/v1/deployments}, {@code v1/pods}. */
    @Override
    public String toString() {
        return apiVersion() + '/' + resource;
    }
}
