package io.kubetrace.sources.kube.watch;

import io.kubetrace.model.ParsedObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.flink.core.io.InputStatus;

/**
 * Runs a {@link KubeWatchSourceReader} the way a source task does, one {@code pollNext} at a time,
 * so a test can take a checkpoint between any two records.
 */
final class ReaderRun implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    final TestingReaderContext context = new TestingReaderContext();
    final TestingReaderOutput<ParsedObject> output = new TestingReaderOutput<>();
    private final KubeWatchSourceReader reader;

    ReaderRun(WatchSettings settings, List<KubeWatchSplit> splits) {
        reader = new KubeWatchSourceReader(context, settings);
        reader.start();
        reader.addSplits(splits);
    }

    List<ParsedObject> records() {
        return output.records;
    }

    /** Emits until {@code count} records have been emitted in all. */
    List<ParsedObject> awaitRecords(int count) throws Exception {
        awaitUntil(() -> output.records.size() >= count);
        return List.copyOf(output.records);
    }

    /** Emits until the condition holds. */
    void awaitUntil(BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "timed out; emitted " + output.records.size() + ": " + output.records);
            }
            emitOne();
        }
    }

    /** Emits whatever comes within the time given. */
    void emitFor(Duration duration) throws Exception {
        long deadline = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < deadline) {
            emitOne();
        }
    }

    private void emitOne() throws Exception {
        if (reader.pollNext(output) == InputStatus.NOTHING_AVAILABLE) {
            try {
                reader.isAvailable().get(50, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // Nothing yet: poll again.
            }
        }
    }

    /** The splits a checkpoint would hold now. */
    List<KubeWatchSplit> checkpoint() {
        return reader.snapshotState(1);
    }

    KubeWatchSplit checkpoint(String splitId) {
        return checkpoint().stream()
                .filter(split -> split.splitId().equals(splitId))
                .findFirst()
                .orElseThrow();
    }

    @Override
    public void close() throws Exception {
        reader.close();
    }
}
