package io.kubetrace.sources.kube.watch;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.kubetrace.model.VersionChange;

/**
 * One watch request of a {@link SplitWatch}. Once stopped it ignores whatever the client still
 * delivers, so a watch that is being replaced can never move the split's position.
 */
final class WatchConnection implements Watcher<GenericKubernetesResource> {

    private final SplitWatch split;

    private volatile Watch watch;
    private volatile boolean stopped;

    WatchConnection(SplitWatch split) {
        this.split = split;
    }

    @Override
    public void eventReceived(Action action, GenericKubernetesResource object) {
        if (stopped) {
            return;
        }
        try {
            WatchPosition next = WatchPosition.watching(object.getMetadata().getResourceVersion());
            long receivedAt = SplitWatch.nowNanos();
            boolean handed =
                    switch (action) {
                        case ADDED -> split.handOn(object, VersionChange.ADDED, receivedAt, next);
                        case MODIFIED ->
                                split.handOn(object, VersionChange.MODIFIED, receivedAt, next);
                        case DELETED ->
                                split.handOn(object, VersionChange.DELETED, receivedAt, next);
                        // A bookmark only moves the position on.
                        case BOOKMARK -> split.handOn(null, null, 0, next);
                        // The client turns errors into onClose.
                        case ERROR -> true;
                    };
            if (!handed) {
                stop();
            }
        } catch (RuntimeException e) {
            // The client would log and drop the event, leaving a gap; watch again from the last
            // one handed on instead.
            if (stop()) {
                split.failed(e);
            }
        }
    }

    @Override
    public void onClose(WatcherException cause) {
        if (stop()) {
            split.failed(cause);
        }
    }

    @Override
    public void onClose() {
        // Closed on purpose: by stop(), when the reader closes or a failure replaces it.
    }

    synchronized void started(Watch started) {
        watch = started;
        if (stopped) {
            started.close();
        }
    }

    /**
     * @return whether this call stopped it
     */
    synchronized boolean stop() {
        if (stopped) {
            return false;
        }
        stopped = true;
        Watch current = watch;
        if (current != null) {
            current.close();
        }
        return true;
    }
}
