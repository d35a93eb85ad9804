package io.kubetrace.sources.audit;

import io.kubetrace.model.ParsedAudit;
import io.kubetrace.sources.files.RecordFileSource;
import io.kubetrace.sources.files.RecordReader;
import io.kubetrace.sources.files.RecordReaderFactory;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.file.src.FileSource;

/** The bounded source of a backfill: audit log files read in the order given. */
public final class AuditFileSource {

    private AuditFileSource() {}

    /**
     * @param files the files, oldest first (see {@link AuditFiles#oldestFirst})
     * @param parser turns events into records
     * @param maxDocumentChars the largest multi-line JSON document accepted
     */
    public static FileSource<ParsedAudit> of(
            List<java.nio.file.Path> files, AuditEventParser parser, int maxDocumentChars) {
        return RecordFileSource.of(
                files, readers(parser, maxDocumentChars), TypeInformation.of(ParsedAudit.class));
    }

    /** How each audit file is read. */
    public static RecordReaderFactory<ParsedAudit> readers(
            AuditEventParser parser, int maxDocumentChars) {
        return new RecordReaderFactory<>() {
            private static final long serialVersionUID = 1L;

            @Override
            public RecordReader<ParsedAudit> open(InputStream input, String name) {
                return new AuditDocumentReader(input, name, parser, maxDocumentChars);
            }

            @Override
            public RecordReader<ParsedAudit> unopenable(String name, IOException cause) {
                return AuditDocumentReader.unopenable(name, cause);
            }
        };
    }

    /**
     * Event time is the audit {@code stageTimestamp}; the watermark trails the newest event of each
     * file by {@code maxOutOfOrderness}. Rejections carry no time.
     */
    public static WatermarkStrategy<ParsedAudit> watermarks(Duration maxOutOfOrderness) {
        return WatermarkStrategy.<ParsedAudit>forBoundedOutOfOrderness(maxOutOfOrderness)
                .withTimestampAssigner((audit, previous) -> audit.eventTimeMillis());
    }
}
