package io.kubetrace.model;

/**
 * Identifies one Kubernetes object: where it lives, what resource it is and its name. The identity
 * ({@link #key()}) is cluster, group, resource, namespace and name, as in Kelemetry; the API
 * version, kind and uid describe the object but do not change which object it is.
 *
 * @param cluster the cluster name, as configured for the source
 * @param group the API group, {@code ""} for the core group
 * @param version the API version, {@code ""} when unknown
 * @param resource the plural resource name, such as {@code deployments}
 * @param namespace the namespace, {@code ""} for cluster-scoped objects
 * @param name the object name
 * @param uid the object's uid, {@code ""} when unknown
 * @param kind the object's kind, such as {@code Deployment}, {@code ""} when unknown
 */
public record ObjectRef(
        String cluster,
        String group,
        String version,
        String resource,
        String namespace,
        String name,
        String uid,
        String kind) {

    /** The identity of the object: {@code cluster/group/resource/namespace/name}. */
    public String key() {
        return cluster + '/' + group + '/' + resource + '/' + namespace + '/' + name;
    }

    /**
     * The text {@code filter.exclude-regex} and {@code diff.redact-regex} are matched against:
     * {@code group/version/resource/namespace/name}.
     */
    public String matchPath() {
        return group + '/' + version + '/' + resource + '/' + namespace + '/' + name;
    }

    /** The key of the ownership graph this object belongs to: {@code cluster/namespace}. */
    public String namespaceKey() {
        return namespaceKey(cluster, namespace);
    }

    /** Whether this object lives in the same ownership graph (cluster and namespace) as another. */
    public boolean sameNamespaceAs(ObjectRef other) {
        return cluster.equals(other.cluster) && namespace.equals(other.namespace);
    }

    /** This object with what another reference to it knows and this one does not. */
    public ObjectRef mergedWith(ObjectRef other) {
        return new ObjectRef(
                cluster,
                group,
                version.isEmpty() ? other.version : version,
                resource,
                namespace,
                name,
                uid.isEmpty() ? other.uid : uid,
                kind.isEmpty() ? other.kind : kind);
    }

    public static String namespaceKey(String cluster, String namespace) {
        return cluster + '/' + namespace;
    }

    /** How people write the object: {@code namespace/name}, or {@code name} when cluster-scoped. */
    public String displayName() {
        return namespace.isEmpty() ? name : namespace + '/' + name;
    }
}
