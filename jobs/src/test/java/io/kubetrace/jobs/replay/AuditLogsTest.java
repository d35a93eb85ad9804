package io.kubetrace.jobs.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubetrace.model.Rejection;
import io.kubetrace.sources.audit.AuditEventParser;
import io.kubetrace.sources.audit.RecordedAuditEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogsTest {

    private static final AuditEventParser PARSER = new AuditEventParser("default", 1024);

    @TempDir Path directory;

    private static String event(String auditId) {
        return "{\"kind\":\"Event\",\"auditID\":\""
                + auditId
                + "\",\"verb\":\"create\",\"stage\":\"ResponseComplete\","
                + "\"stageTimestamp\":\"2024-01-02T03:04:05.000001Z\","
                + "\"objectRef\":{\"resource\":\"pods\",\"namespace\":\"ns\",\"name\":\"p\"}}";
    }

    private static List<String> read(AuditLogs logs, List<Rejection> rejected) throws IOException {
        List<String> ids = new ArrayList<>();
        try (AuditLogs.Events events = logs.open(rejected::add)) {
            RecordedAuditEvent next;
            while ((next = events.next()) != null) {
                ids.add(next.event().path("auditID").asText());
            }
        }
        return ids;
    }

    @Test
    void givesTheUsableEventsOfEveryFileInOrderAndTellsTheRest() throws IOException {
        Path lines =
                Files.writeString(
                        directory.resolve("audit.log"),
                        event("a") + "\ngarbage\n" + event("b") + "\n");
        Path list = directory.resolve("audit-1.json.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(list))) {
            out.write(
                    ("{\"kind\":\"EventList\",\"items\":[" + event("c") + ",{\"kind\":\"Pod\"}]}")
                            .getBytes(StandardCharsets.UTF_8));
        }
        Path gone = directory.resolve("rotated-away.log");
        AuditLogs logs = AuditLogs.files(List.of(lines, list, gone), PARSER, 1 << 20);

        List<Rejection> rejected = new ArrayList<>();
        assertThat(read(logs, rejected)).containsExactly("a", "b", "c");
        assertThat(rejected)
                .extracting(r -> r.source() + ":" + r.line() + ": " + r.reason())
                .containsExactly(
                        lines + ":2: not JSON: a line must start with '{' or '['",
                        list + ":1: item 1 of the EventList: not an audit event: kind Pod",
                        gone + ":0: cannot open: java.nio.file.NoSuchFileException: " + gone);

        assertThat(logs.replayable()).isTrue();
        List<Rejection> again = new ArrayList<>();
        assertThat(read(logs, again)).containsExactly("a", "b", "c");
        assertThat(again).isEqualTo(rejected);
    }

    @Test
    void readsAStreamOnce() throws IOException {
        AuditLogs logs =
                AuditLogs.stream(
                        new ByteArrayInputStream(
                                ("[\n" + event("a") + ",\n" + event("b") + "\n]")
                                        .getBytes(StandardCharsets.UTF_8)),
                        "stdin",
                        PARSER,
                        1 << 20);

        assertThat(logs.replayable()).isFalse();
        assertThat(read(logs, new ArrayList<>())).containsExactly("a", "b");
    }
}
