package io.kubetrace.sources.kube.watch;

import java.io.Serializable;
import org.apache.flink.api.connector.source.SourceSplit;

/** One resource of one cluster, and how far its list and watch have come. */
public record KubeWatchSplit(
        ClusterConnection cluster, WatchedResource resource, WatchPosition position)
        implements SourceSplit, Serializable {

    public static KubeWatchSplit fresh(ClusterConnection cluster, WatchedResource resource) {
        return new KubeWatchSplit(cluster, resource, WatchPosition.FRESH);
    }

    /**
     * {@code cluster:apps/v1/deployments}. Unique even when a cluster's name holds {@code :} or
     * {@code /} (kubeconfig contexts of EKS do), since the part after the last {@code :} never
     * does.
     */
    @Override
    public String splitId() {
        return cluster.name() + ':' + resource;
    }

    public KubeWatchSplit at(WatchPosition next) {
        return new KubeWatchSplit(cluster, resource, next);
    }
}
