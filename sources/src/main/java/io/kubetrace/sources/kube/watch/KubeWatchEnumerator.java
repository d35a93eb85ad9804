package io.kubetrace.sources.kube.watch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;

/**
 * Hands every (cluster, resource) split to a reader once, round-robin in the order they were
 * configured, as each reader registers. A split a failed reader gives back goes to the same reader
 * again when it comes back.
 */
final class KubeWatchEnumerator implements SplitEnumerator<KubeWatchSplit, WatchEnumeratorState> {

    private final SplitEnumeratorContext<KubeWatchSplit> context;

    /** Each configured split's place in the round-robin. */
    private final Map<String, Integer> order = new HashMap<>();

    private final Set<String> assigned;
    private final List<KubeWatchSplit> pending = new ArrayList<>();

    KubeWatchEnumerator(
            SplitEnumeratorContext<KubeWatchSplit> context,
            List<KubeWatchSplit> configured,
            WatchEnumeratorState restored) {
        this.context = context;
        this.assigned = new HashSet<>(restored.assignedSplitIds());
        this.pending.addAll(restored.pending());
        Set<String> known = new HashSet<>(assigned);
        restored.pending().forEach(split -> known.add(split.splitId()));
        for (KubeWatchSplit split : configured) {
            order.put(split.splitId(), order.size());
            if (!known.contains(split.splitId())) {
                pending.add(split);
            }
        }
    }

    @Override
    public void start() {
        assignPending();
    }

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
        // Splits are pushed as readers register; a reader never runs out of them.
    }

    @Override
    public void addSplitsBack(List<KubeWatchSplit> splits, int subtaskId) {
        pending.addAll(splits);
        assignPending();
    }

    @Override
    public void addReader(int subtaskId) {
        assignPending();
    }

    private void assignPending() {
        Map<Integer, List<KubeWatchSplit>> assignment = new HashMap<>();
        for (Iterator<KubeWatchSplit> splits = pending.iterator(); splits.hasNext(); ) {
            KubeWatchSplit split = splits.next();
            int owner = ownerOf(split);
            if (context.registeredReaders().containsKey(owner)) {
                assignment.computeIfAbsent(owner, reader -> new ArrayList<>()).add(split);
                assigned.add(split.splitId());
                splits.remove();
            }
        }
        if (!assignment.isEmpty()) {
            context.assignSplits(new SplitsAssignment<>(assignment));
        }
    }

    private int ownerOf(KubeWatchSplit split) {
        // A split no longer configured (restored from an older configuration) still needs a reader.
        int place = order.getOrDefault(split.splitId(), split.splitId().hashCode());
        return Math.floorMod(place, context.currentParallelism());
    }

    @Override
    public WatchEnumeratorState snapshotState(long checkpointId) {
        return new WatchEnumeratorState(assigned, pending);
    }

    @Override
    public void close() {}
}
