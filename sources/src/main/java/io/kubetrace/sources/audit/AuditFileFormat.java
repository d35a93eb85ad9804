package io.kubetrace.sources.audit;

import io.kubetrace.model.ParsedAudit;
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
 * Reads audit log files for a Flink {@code FileSource}: each file whole (files are not split, since
 * JSON documents may span lines), through an {@link AuditDocumentReader} that knows the file's name
 * for its rejections. A restored reader skips the events it had already emitted.
 */
public final class AuditFileFormat implements BulkFormat<ParsedAudit, FileSourceSplit> {

    private static final long serialVersionUID = 1L;

    /** Events handed to Flink at a time; small enough to keep checkpoints prompt. */
    private static final int BATCH_SIZE = 512;

    private final AuditEventParser parser;
    private final int maxDocumentChars;

    public AuditFileFormat(AuditEventParser parser, int maxDocumentChars) {
        this.parser = parser;
        this.maxDocumentChars = maxDocumentChars;
    }

    @Override
    public Reader<ParsedAudit> createReader(Configuration config, FileSourceSplit split) {
        return new AuditFileReader(open(split.path()), 0);
    }

    @Override
    public Reader<ParsedAudit> restoreReader(Configuration config, FileSourceSplit split) {
        long emitted =
                split.getReaderPosition()
                        .map(CheckpointedPosition::getRecordsAfterOffset)
                        .orElse(0L);
        AuditDocumentReader documents = open(split.path());
        for (long skipped = 0; skipped < emitted && documents.next() != null; skipped++) {
            // The events before the checkpoint were emitted already.
        }
        return new AuditFileReader(documents, emitted);
    }

    /** The file's reader; a file that cannot be opened becomes a rejection, not a failed job. */
    private AuditDocumentReader open(Path path) {
        String name = "file".equals(path.toUri().getScheme()) ? path.getPath() : path.toString();
        try {
            return new AuditDocumentReader(
                    path.getFileSystem().open(path), name, parser, maxDocumentChars);
        } catch (IOException e) {
            return AuditDocumentReader.unopenable(name, e);
        }
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<ParsedAudit> getProducedType() {
        return TypeInformation.of(ParsedAudit.class);
    }

    private static final class AuditFileReader implements Reader<ParsedAudit> {

        private final AuditDocumentReader documents;
        private long emitted;

        AuditFileReader(AuditDocumentReader documents, long emitted) {
            this.documents = documents;
            this.emitted = emitted;
        }

        @Override
        public RecordIterator<ParsedAudit> readBatch() {
            List<ParsedAudit> batch = new ArrayList<>(BATCH_SIZE);
            ParsedAudit next;
            while (batch.size() < BATCH_SIZE && (next = documents.next()) != null) {
                batch.add(next);
            }
            if (batch.isEmpty()) {
                return null;
            }
            RecordIterator<ParsedAudit> records =
                    new IteratorResultIterator<>(
                            batch.iterator(), CheckpointedPosition.NO_OFFSET, emitted);
            emitted += batch.size();
            return records;
        }

        @Override
        public void close() throws IOException {
            documents.close();
        }
    }
}
