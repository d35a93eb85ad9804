package io.kubetrace.sources.kafka;

import io.kubetrace.model.ParsedAudit;
import io.kubetrace.sources.audit.AuditEventParser;
import io.kubetrace.sources.audit.AuditFileSource;
import io.kubetrace.sources.audit.AuditFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.flink.connector.base.source.hybrid.HybridSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;

/**
 * Backfill, then live, as one source: audit log files first, then the audit topic from where the
 * files end. Kafka record times are when the gateway wrote an event, never before its {@code
 * stageTimestamp}, so the topic is read from {@code kafka.backfill-overlap} before the newest event
 * in the files: every event after the files is read (no gap), and the events in both carry the same
 * audit ID, which the audit deduplicator remembers for {@code dedup.ttl} (no duplicate span).
 */
public final class AuditFilesThenKafka {

    private final HybridSource<ParsedAudit> source;
    private final Instant filesEnd;
    private final Duration overlap;

    private AuditFilesThenKafka(
            HybridSource<ParsedAudit> source, Instant filesEnd, Duration overlap) {
        this.source = source;
        this.filesEnd = filesEnd;
        this.overlap = overlap;
    }

    /**
     * Reads every file once (before the job starts) for the newest event time, where the topic
     * takes over.
     *
     * @param files the audit log files, oldest first (see {@link AuditFiles#oldestFirst})
     */
    public static AuditFilesThenKafka of(
            List<Path> files,
            AuditEventParser parser,
            int maxDocumentChars,
            KafkaAuditSettings settings) {
        OptionalLong newest = AuditFiles.newestEventNanos(files, parser, maxDocumentChars);
        Instant filesEnd = newest.isPresent() ? Instant.EPOCH.plusNanos(newest.getAsLong()) : null;
        // Files without a single event leave nothing to join on to: the topic starts as it would
        // alone.
        OffsetsInitializer topicStart =
                filesEnd == null
                        ? settings.startingOffsets().initializer()
                        : OffsetsInitializer.timestamp(
                                filesEnd.minus(settings.backfillOverlap()).toEpochMilli());
        HybridSource<ParsedAudit> source =
                HybridSource.builder(AuditFileSource.of(files, parser, maxDocumentChars))
                        .addSource(KafkaAuditSource.startingAt(settings, parser, topicStart))
                        .build();
        return new AuditFilesThenKafka(source, filesEnd, settings.backfillOverlap());
    }

    public HybridSource<ParsedAudit> source() {
        return source;
    }

    /** The newest event time in the files; empty when they hold no event. */
    public Optional<Instant> filesEnd() {
        return Optional.ofNullable(filesEnd);
    }

    /** The Kafka record time the topic is read from; empty when the files hold no event. */
    public Optional<Instant> topicFrom() {
        return filesEnd().map(end -> end.minus(overlap));
    }

    /** How long before the end of the files the topic starts ({@code kafka.backfill-overlap}). */
    public Duration overlap() {
        return overlap;
    }
}
