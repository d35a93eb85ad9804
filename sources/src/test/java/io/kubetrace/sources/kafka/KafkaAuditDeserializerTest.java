package io.kubetrace.sources.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubetrace.model.ParsedAudit;
import io.kubetrace.sources.SharedData;
import io.kubetrace.sources.audit.AuditEventParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class KafkaAuditDeserializerTest {

    private final KafkaAuditDeserializer deserializer =
            new KafkaAuditDeserializer(new AuditEventParser("default", 64 * 1024));

    private static ConsumerRecord<byte[], byte[]> record(long offset, String value) {
        return new ConsumerRecord<>(
                "kubetrace-audit",
                3,
                offset,
                "prod-eu/default".getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    /** A real captured event, with the cluster the gateway adds. */
    private static String fromGateway(String file, String cluster) throws IOException {
        String event = Files.readString(SharedData.path("audit/falco/" + file)).strip();
        return event.substring(0, event.length() - 1) + ",\"cluster\":\"" + cluster + "\"}";
    }

    @Test
    void readsAnEventAsTheBackfillDoesInTheClusterTheGatewayNamed() throws IOException {
        ParsedAudit parsed =
                deserializer.parse(record(41, fromGateway("create_deployment.json", "prod-eu")));

        assertThat(parsed.rejection()).isNull();
        assertThat(parsed.record().cluster()).isEqualTo("prod-eu");
        assertThat(parsed.record().auditId()).isEqualTo("c5be68f4-80b8-4159-adc4-76ddb195334e");
        assertThat(parsed.record().object().name()).isEqualTo("nginx-deployment");
        assertThat(parsed.record().source()).isEqualTo("kafka kubetrace-audit/3");
        assertThat(parsed.record().line()).isEqualTo(41);
        // Event time is the stage timestamp, 2018-10-26T13:07:36.911442Z.
        assertThat(parsed.eventTimeMillis()).isEqualTo(1540559256911L);
    }

    @Test
    void rejectsWhatIsNotJsonWithItsTopicPartitionAndOffset() {
        ParsedAudit parsed = deserializer.parse(record(7, "{\"kind\": \"Event\", \"verb"));

        assertThat(parsed.record()).isNull();
        assertThat(parsed.rejection().source()).isEqualTo("kafka kubetrace-audit/3");
        assertThat(parsed.rejection().line()).isEqualTo(7);
        assertThat(parsed.rejection().reason())
                .isEqualTo("not JSON: Unexpected end-of-input in field name");
        assertThat(parsed.rejection().excerpt()).isEqualTo("{\"kind\": \"Event\", \"verb");
        assertThat(parsed.eventTimeMillis()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void rejectsAnEmptyRecordAndATombstone() {
        assertThat(deserializer.parse(record(8, null)).rejection().reason())
                .isEqualTo("empty record: no audit event");
        assertThat(deserializer.parse(record(9, "")).rejection().reason())
                .isEqualTo("empty record: no audit event");
        assertThat(deserializer.parse(record(10, "  \n")).rejection().reason())
                .isEqualTo("empty record: no audit event");
    }

    @Test
    void rejectsJsonThatIsNoUsableAuditEventWithTheParsersReason() {
        assertThat(deserializer.parse(record(11, "[1, 2]")).rejection().reason())
                .isEqualTo("not an audit event: a JSON array");
        assertThat(deserializer.parse(record(12, "{\"kind\": \"Event\"}")).rejection())
                .satisfies(
                        rejection -> {
                            assertThat(rejection.reason()).isEqualTo("missing auditID");
                            assertThat(rejection.line()).isEqualTo(12);
                        });
    }

    @Test
    void keepsOnlyTheBeginningOfAHugeRecord() {
        String huge = "x".repeat(1 << 20);

        assertThat(deserializer.parse(record(13, huge)).rejection().excerpt()).hasSize(301);
    }
}
