package io.kubetrace.sources.files;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.assigners.FileSplitAssigner;

/**
 * Hands out files in the order they were given. Backfill passes files oldest first, so the
 * watermark rises with the data; Flink's default assigners hand them out last-first or by locality,
 * which would make whole files late.
 */
public final class InOrderSplitAssigner implements FileSplitAssigner {

    private final Deque<FileSourceSplit> splits;

    public InOrderSplitAssigner(Collection<FileSourceSplit> splits) {
        this.splits = new ArrayDeque<>(splits);
    }

    @Override
    public Optional<FileSourceSplit> getNext(String hostname) {
        return Optional.ofNullable(splits.pollFirst());
    }

    @Override
    public void addSplits(Collection<FileSourceSplit> returned) {
        // Splits come back when a reader fails; they are older than what is still pending.
        List<FileSourceSplit> oldestLast = new ArrayList<>(returned);
        Collections.reverse(oldestLast);
        oldestLast.forEach(splits::addFirst);
    }

    @Override
    public Collection<FileSourceSplit> remainingSplits() {
        return splits;
    }
}
