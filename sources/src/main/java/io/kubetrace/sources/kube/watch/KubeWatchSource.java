package io.kubetrace.sources.kube.watch;

import io.kubetrace.model.ParsedObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The unbounded source of object versions and Kubernetes Events: lists, then watches, each resource
 * of each cluster, and emits every version it sees as a {@link ParsedObject} (through {@link
 * io.kubetrace.sources.kube.KubeObjectParser}). A version's event time is when the source received
 * it; an Event's is its own time. Each record carries its event time as its timestamp.
 *
 * <p>Splits are (cluster, resource). A split's checkpointed state is the position after the last
 * record it emitted, so a restored job watches on from that resourceVersion without listing again,
 * and emits nothing twice and misses nothing.
 */
public final class KubeWatchSource
        implements Source<ParsedObject, KubeWatchSplit, WatchEnumeratorState>,
                ResultTypeQueryable<ParsedObject> {

    private static final long serialVersionUID = 1L;

    private final List<ClusterConnection> clusters;
    private final List<WatchedResource> resources;
    private final WatchSettings settings;

    private KubeWatchSource(
            List<ClusterConnection> clusters,
            List<WatchedResource> resources,
            WatchSettings settings) {
        this.clusters = clusters;
        this.resources = resources;
        this.settings = settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SplitEnumerator<KubeWatchSplit, WatchEnumeratorState> createEnumerator(
            SplitEnumeratorContext<KubeWatchSplit> context) {
        return restoreEnumerator(context, new WatchEnumeratorState(Set.of(), List.of()));
    }

    @Override
    public SplitEnumerator<KubeWatchSplit, WatchEnumeratorState> restoreEnumerator(
            SplitEnumeratorContext<KubeWatchSplit> context, WatchEnumeratorState state) {
        return new KubeWatchEnumerator(context, splits(), state);
    }

    /** Every resource of every cluster, cluster by cluster. */
    List<KubeWatchSplit> splits() {
        List<KubeWatchSplit> splits = new ArrayList<>();
        for (ClusterConnection cluster : clusters) {
            for (WatchedResource resource : resources) {
                splits.add(KubeWatchSplit.fresh(cluster, resource));
            }
        }
        return splits;
    }

    @Override
    public SourceReader<ParsedObject, KubeWatchSplit> createReader(SourceReaderContext context) {
        return new KubeWatchSourceReader(context, settings);
    }

    @Override
    public SimpleVersionedSerializer<KubeWatchSplit> getSplitSerializer() {
        return KubeWatchSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<WatchEnumeratorState> getEnumeratorCheckpointSerializer() {
        return WatchEnumeratorStateSerializer.INSTANCE;
    }

    @Override
    public TypeInformation<ParsedObject> getProducedType() {
        return TypeInformation.of(ParsedObject.class);
    }

    /** Builds a {@link KubeWatchSource}; clusters and resources are required. */
    public static final class Builder {

        private List<ClusterConnection> clusters = List.of();
        private List<WatchedResource> resources = List.of();
        private WatchSettings settings = WatchSettings.defaults();

        private Builder() {}

        public Builder clusters(List<ClusterConnection> clusters) {
            this.clusters = List.copyOf(clusters);
            return this;
        }

        /** Such as {@link WatchedResource#defaults()}. */
        public Builder resources(List<WatchedResource> resources) {
            this.resources = List.copyOf(resources);
            return this;
        }

        public Builder settings(WatchSettings settings) {
            this.settings = settings;
            return this;
        }

        public KubeWatchSource build() {
            if (clusters.isEmpty() || resources.isEmpty()) {
                throw new IllegalArgumentException(
                        "the watch source needs at least one cluster and one resource");
            }
            requireUnique(clusters.stream().map(ClusterConnection::name).toList(), "cluster");
            requireUnique(resources.stream().map(WatchedResource::toString).toList(), "resource");
            return new KubeWatchSource(clusters, resources, settings);
        }

        private static void requireUnique(List<String> names, String what) {
            Set<String> seen = new HashSet<>();
            for (String name : names) {
                if (!seen.add(name)) {
                    throw new IllegalArgumentException(
                            "the " + what + " " + name + " is given twice");
                }
            }
        }
    }
}
