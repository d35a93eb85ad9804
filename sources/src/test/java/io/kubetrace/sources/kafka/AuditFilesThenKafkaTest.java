package io.kubetrace.sources.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubetrace.sources.audit.AuditEventParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.source.Boundedness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditFilesThenKafkaTest {

    @TempDir Path directory;

    private final AuditEventParser parser = new AuditEventParser("c", 1024);

    private final KafkaAuditSettings settings =
            new KafkaAuditSettings(
                    "kafka:9092",
                    "kubetrace-audit",
                    "kubetrace",
                    StartingOffsets.COMMITTED,
                    Map.of(),
                    Duration.ofMinutes(5));

    private static String event(String id, String time) {
        return "{\"auditID\":\""
                + id
                + "\",\"verb\":\"create\",\"stage\":\"ResponseComplete\",\"stageTimestamp\":\""
                + time
                + "\"}\n";
    }

    @Test
    void theTopicTakesOverTheOverlapBeforeTheNewestEventOfAnyFile() throws IOException {
        // Logs of two API servers: the newest event is not the last one read.
        Path first =
                Files.writeString(
                        directory.resolve("a.log"),
                        event("1", "2024-05-01T10:00:00Z") + event("2", "2024-05-01T12:00:00.5Z"));
        Path second =
                Files.writeString(
                        directory.resolve("b.log"),
                        event("3", "2024-05-01T11:00:00Z") + "not json\n");

        AuditFilesThenKafka source =
                AuditFilesThenKafka.of(List.of(first, second), parser, 1 << 20, settings);

        assertThat(source.filesEnd()).contains(Instant.parse("2024-05-01T12:00:00.5Z"));
        assertThat(source.topicFrom()).contains(Instant.parse("2024-05-01T11:55:00.5Z"));
        assertThat(source.source().getBoundedness()).isEqualTo(Boundedness.CONTINUOUS_UNBOUNDED);
    }

    @Test
    void filesWithoutAnEventLeaveTheTopicToItsStartingOffsets() throws IOException {
        Path empty = Files.writeString(directory.resolve("empty.log"), "");

        AuditFilesThenKafka source =
                AuditFilesThenKafka.of(List.of(empty), parser, 1 << 20, settings);

        assertThat(source.filesEnd()).isEmpty();
        assertThat(source.topicFrom()).isEmpty();
    }
}
