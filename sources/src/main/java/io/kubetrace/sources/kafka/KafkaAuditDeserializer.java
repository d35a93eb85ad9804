package io.kubetrace.sources.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubetrace.model.ParsedAudit;
import io.kubetrace.model.Rejection;
import io.kubetrace.sources.audit.AuditEventParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads one audit event from each record the gateway wrote (its value: the event JSON with a
 * top-level {@code cluster}), through the same {@link AuditEventParser} as a backfill. A record
 * that cannot be used becomes a rejection located by topic, partition and offset; it never fails
 * the job, which would only read the same record again after the restart.
 */
public final class KafkaAuditDeserializer implements KafkaRecordDeserializationSchema<ParsedAudit> {

    private static final long serialVersionUID = 1L;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Enough of a record's bytes for any rejection excerpt, even of multi-byte characters. */
    private static final int EXCERPT_BYTES = 4 * Rejection.EXCERPT_LENGTH;

    private final AuditEventParser parser;

    public KafkaAuditDeserializer(AuditEventParser parser) {
        this.parser = parser;
    }

    /** How rejections and records name where they came from: {@code kafka <topic>/<partition>}. */
    public static String location(String topic, int partition) {
        return "kafka " + topic + "/" + partition;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ParsedAudit> out) {
        out.collect(parse(record));
    }

    ParsedAudit parse(ConsumerRecord<byte[], byte[]> record) {
        String source = location(record.topic(), record.partition());
        byte[] value = record.value();
        if (value == null || value.length == 0) {
            return ParsedAudit.rejected(
                    Rejection.of(source, record.offset(), "empty record: no audit event", ""));
        }
        JsonNode event;
        try {
            event = JSON.readTree(value);
        } catch (JsonProcessingException e) {
            return ParsedAudit.rejected(
                    Rejection.of(
                            source,
                            record.offset(),
                            "not JSON: " + e.getOriginalMessage(),
                            excerpt(value)));
        } catch (IOException e) {
            return ParsedAudit.rejected(
                    Rejection.of(source, record.offset(), "unreadable: " + e, excerpt(value)));
        }
        if (event == null || event.isMissingNode()) {
            return ParsedAudit.rejected(
                    Rejection.of(
                            source,
                            record.offset(),
                            "empty record: no audit event",
                            excerpt(value)));
        }
        return parser.parse(event, source, record.offset());
    }

    private static String excerpt(byte[] value) {
        return new String(value, 0, Math.min(value.length, EXCERPT_BYTES), StandardCharsets.UTF_8);
    }

    @Override
    public TypeInformation<ParsedAudit> getProducedType() {
        return TypeInformation.of(ParsedAudit.class);
    }
}
