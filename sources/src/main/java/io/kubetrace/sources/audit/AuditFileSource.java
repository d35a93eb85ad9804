package io.kubetrace.sources.audit;

import io.kubetrace.model.ParsedAudit;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;

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
        Path[] paths = files.stream().map(file -> new Path(file.toUri())).toArray(Path[]::new);
        return FileSource.forBulkFileFormat(new AuditFileFormat(parser, maxDocumentChars), paths)
                .setSplitAssigner(InOrderSplitAssigner::new)
                .build();
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
