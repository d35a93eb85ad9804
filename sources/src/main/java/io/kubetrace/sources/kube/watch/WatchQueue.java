package io.kubetrace.sources.kube.watch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The bounded hand-over from a reader's watches to its fetcher thread. A watch waits while it is
 * full, which stops reading from the API server (back-pressure) instead of buffering without bound.
 */
final class WatchQueue {

    /** Put in to end a wait for records: the fetcher has other work. */
    private static final WatchRecord WAKE_UP = new WatchRecord("", null, WatchPosition.FRESH);

    /** How often a watch waiting for room checks whether the reader is closing. */
    private static final long CLOSED_CHECK_MILLIS = 100;

    private final BlockingQueue<WatchRecord> records;
    private volatile boolean closed;

    WatchQueue(int capacity) {
        this.records = new ArrayBlockingQueue<>(capacity);
    }

    /**
     * Waits for room.
     *
     * @return false when the queue was closed or the thread interrupted first: the watch must stop
     */
    boolean put(WatchRecord record) {
        try {
            while (!closed) {
                if (records.offer(record, CLOSED_CHECK_MILLIS, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** Waits for records, and returns up to {@code max} of them; none when woken up. */
    List<WatchRecord> take(int max) throws InterruptedException {
        List<WatchRecord> taken = new ArrayList<>();
        taken.add(records.take());
        records.drainTo(taken, max - 1);
        taken.removeIf(record -> record == WAKE_UP);
        return taken;
    }

    void wakeUp() {
        // When it is full there is no wait to end.
        records.offer(WAKE_UP);
    }

    void close() {
        closed = true;
        records.clear();
        wakeUp();
    }
}
