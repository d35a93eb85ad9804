package io.kubetrace.sources.kafka;

import io.kubetrace.model.ParsedAudit;
import io.kubetrace.sources.audit.AuditEventParser;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;

/**
 * The unbounded source of audit events the webhook gateway writes to Kafka. Each partition is a
 * split with its own watermarks; offsets are kept in checkpoints (and committed to the group when a
 * checkpoint completes), so a restored job reads on from exactly where its state ends.
 */
public final class KafkaAuditSource {

    private KafkaAuditSource() {}

    /** Reads the topic from {@code kafka.starting-offsets} when the job starts without state. */
    public static KafkaSource<ParsedAudit> of(
            KafkaAuditSettings settings, AuditEventParser parser) {
        return startingAt(settings, parser, settings.startingOffsets().initializer());
    }

    /** Reads the topic from the offsets given when the job starts without state. */
    static KafkaSource<ParsedAudit> startingAt(
            KafkaAuditSettings settings, AuditEventParser parser, OffsetsInitializer start) {
        return KafkaSource.<ParsedAudit>builder()
                .setProperties(settings.consumerProperties())
                .setTopics(settings.topic())
                .setStartingOffsets(start)
                .setDeserializer(new KafkaAuditDeserializer(parser))
                .build();
    }
}
