package io.kubetrace.sources.kube.watch;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;

/**
 * Runs a {@link SplitWatch} for each split of a reader, one client per cluster, and hands what they
 * queue to the reader's fetcher thread in batches.
 */
final class KubeWatchSplitReader implements SplitReader<WatchRecord, KubeWatchSplit> {

    /** Records waiting for the fetcher; beyond this the watches wait. */
    private static final int QUEUE_CAPACITY = 1024;

    private static final int BATCH_SIZE = 256;

    private final WatchSettings settings;
    private final WatchMetrics metrics;
    private final WatchQueue queue = new WatchQueue(QUEUE_CAPACITY);

    /** Runs the lists and the retries; the watches run on their clients' threads. */
    private final ScheduledExecutorService scheduler;

    private final Map<String, KubernetesClient> clients = new HashMap<>();
    private final List<SplitWatch> watches = new ArrayList<>();

    KubeWatchSplitReader(WatchSettings settings, WatchMetrics metrics, int subtask) {
        this.settings = settings;
        this.metrics = metrics;
        this.scheduler =
                Executors.newSingleThreadScheduledExecutor(
                        runnable -> {
                            Thread thread = new Thread(runnable, "kube-watch-" + subtask);
                            thread.setDaemon(true);
                            return thread;
                        });
    }

    @Override
    public RecordsWithSplitIds<WatchRecord> fetch() {
        RecordsBySplits.Builder<WatchRecord> batch = new RecordsBySplits.Builder<>();
        try {
            for (WatchRecord record : queue.take(BATCH_SIZE)) {
                batch.add(record.splitId(), record);
            }
        } catch (InterruptedException e) {
            // The fetcher is shutting down.
            Thread.currentThread().interrupt();
        }
        return batch.build();
    }

    @Override
    public void handleSplitsChanges(SplitsChange<KubeWatchSplit> change) {
        if (!(change instanceof SplitsAddition)) {
            throw new UnsupportedOperationException(
                    "the watch source only ever adds splits: " + change);
        }
        for (KubeWatchSplit split : change.splits()) {
            KubernetesClient client =
                    clients.computeIfAbsent(
                            split.cluster().name(), name -> KubeClients.connect(split.cluster()));
            SplitWatch watch = new SplitWatch(split, client, queue, scheduler, settings, metrics);
            watches.add(watch);
            watch.start();
        }
    }

    @Override
    public void wakeUp() {
        queue.wakeUp();
    }

    @Override
    public void close() {
        watches.forEach(SplitWatch::close);
        queue.close();
        scheduler.shutdownNow();
        clients.values().forEach(KubernetesClient::close);
    }
}
