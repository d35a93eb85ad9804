package io.kubetrace.sources.kube.watch;

/** A reader's split, with the position of the last record it emitted for it. */
final class KubeWatchSplitState {

    private final KubeWatchSplit split;
    private WatchPosition position;

    KubeWatchSplitState(KubeWatchSplit split) {
        this.split = split;
        this.position = split.position();
    }

    void advanceTo(WatchPosition next) {
        position = next;
    }

    KubeWatchSplit toSplit() {
        return split.at(position);
    }
}
