package io.kubetrace.sources.kube.watch;

import io.kubetrace.model.ParsedObject;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;

/**
 * A reader's counters: what it emitted, and how often its watches had to list again or reconnect.
 * Watches count from their own threads, hence thread-safe counters.
 */
final class WatchMetrics {

    final Counter versions;
    final Counter events;
    final Counter rejections;
    final Counter relists;
    final Counter reconnects;

    WatchMetrics(MetricGroup group) {
        versions = group.counter("kubeWatchVersionsEmitted", new ThreadSafeSimpleCounter());
        events = group.counter("kubeWatchEventsEmitted", new ThreadSafeSimpleCounter());
        rejections = group.counter("kubeWatchRejectionsEmitted", new ThreadSafeSimpleCounter());
        relists = group.counter("kubeWatchRelists", new ThreadSafeSimpleCounter());
        reconnects = group.counter("kubeWatchReconnects", new ThreadSafeSimpleCounter());
    }

    void emitted(ParsedObject record) {
        if (record.version() != null) {
            versions.inc();
        } else if (record.event() != null) {
            events.inc();
        } else {
            rejections.inc();
        }
    }
}
