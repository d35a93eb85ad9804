package io.kubetrace.sources.kube.watch;

import java.util.List;
import java.util.Set;

/**
 * What the enumerator checkpoints: the ids of the splits it has handed out (their positions live in
 * the readers' state), and the splits still to hand out, with their positions when a failed reader
 * gave them back. A split of the configured clusters and resources that is in neither is new, and
 * starts fresh.
 */
public record WatchEnumeratorState(Set<String> assignedSplitIds, List<KubeWatchSplit> pending) {

    public WatchEnumeratorState {
        assignedSplitIds = Set.copyOf(assignedSplitIds);
        pending = List.copyOf(pending);
    }
}
