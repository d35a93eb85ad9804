package io.kubetrace.sources.files;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.IteratorResultIterator;
import org.apache.flink.core.fs.Path;

/**
 * Reads files for a Flink {@code FileSource} through a {@link RecordReader}: each file whole (files
 * are not split, since documents may span lines), with the file's name for rejections. A file that
 * cannot be opened becomes a rejection, not a failed job. A restored reader skips the records it
 * had already emitted.
 */
public final class RecordFileFormat<T> implements BulkFormat<T, FileSourceSplit> {

    private static final long serialVersionUID = 1L;

    /** Records handed to Flink at a time; small enough to keep checkpoints prompt. */
    private static final int BATCH_SIZE = 512;

    private final RecordReaderFactory<T> readers;
    private final TypeInformation<T> type;

    public RecordFileFormat(RecordReaderFactory<T> readers, TypeInformation<T> type) {
        this.readers = readers;
        this.type = type;
    }

    @Override
    public Reader<T> createReader(Configuration config, FileSourceSplit split) {
        return new FileReader<>(open(split.path()), 0);
    }

    @Override
    public Reader<T> restoreReader(Configuration config, FileSourceSplit split) {
        long emitted =
                split.getReaderPosition()
                        .map(CheckpointedPosition::getRecordsAfterOffset)
                        .orElse(0L);
        RecordReader<T> records = open(split.path());
        for (long skipped = 0; skipped < emitted && records.next() != null; skipped++) {
            // The records before the checkpoint were emitted already.
        }
        return new FileReader<>(records, emitted);
    }

    private RecordReader<T> open(Path path) {
        String name = "file".equals(path.toUri().getScheme()) ? path.getPath() : path.toString();
        try {
            return readers.open(path.getFileSystem().open(path), name);
        } catch (IOException e) {
            return readers.unopenable(name, e);
        }
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return type;
    }

    private static final class FileReader<T> implements Reader<T> {

        private final RecordReader<T> records;
        private long emitted;

        FileReader(RecordReader<T> records, long emitted) {
            this.records = records;
            this.emitted = emitted;
        }

        @Override
        public RecordIterator<T> readBatch() {
            List<T> batch = new ArrayList<>(BATCH_SIZE);
            T next;
            while (batch.size() < BATCH_SIZE && (next = records.next()) != null) {
                batch.add(next);
            }
            if (batch.isEmpty()) {
                return null;
            }
            RecordIterator<T> iterator =
                    new IteratorResultIterator<>(
                            batch.iterator(), CheckpointedPosition.NO_OFFSET, emitted);
            emitted += batch.size();
            return iterator;
        }

        @Override
        public void close() throws IOException {
            records.close();
        }
    }
}
