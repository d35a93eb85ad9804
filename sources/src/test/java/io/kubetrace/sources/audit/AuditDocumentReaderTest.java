package io.kubetrace.sources.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubetrace.model.ParsedAudit;
import io.kubetrace.sources.SharedData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class AuditDocumentReaderTest {

    private static final AuditEventParser PARSER = new AuditEventParser("c", 64 * 1024);

    private static String event(String auditId) {
        return "{\"kind\":\"Event\",\"auditID\":\""
                + auditId
                + "\",\"verb\":\"create\","
                + "\"stage\":\"ResponseComplete\",\"stageTimestamp\":\"2024-01-02T03:04:05Z\","
                + "\"objectRef\":{\"resource\":\"pods\",\"namespace\":\"ns\",\"name\":\"p\"}}";
    }

    private static List<ParsedAudit> read(byte[] bytes, int maxDocumentChars) throws IOException {
        List<ParsedAudit> all = new ArrayList<>();
        try (AuditDocumentReader reader =
                new AuditDocumentReader(
                        new ByteArrayInputStream(bytes), "f.log", PARSER, maxDocumentChars)) {
            ParsedAudit next;
            while ((next = reader.next()) != null) {
                all.add(next);
            }
        }
        return all;
    }

    private static List<ParsedAudit> read(String text) throws IOException {
        return read(text.getBytes(StandardCharsets.UTF_8), 1 << 20);
    }

    private static List<String> outcomes(List<ParsedAudit> results) {
        return results.stream()
                .map(
                        result ->
                                result.isRejected()
                                        ? "rejected line "
                                                + result.rejection().line()
                                                + ": "
                                                + result.rejection().reason()
                                        : result.record().auditId())
                .toList();
    }

    @Test
    void readsJsonLinesAndRejectsOnlyTheBadLines() throws IOException {
        String log =
                String.join(
                        "\n",
                        event("a"),
                        "",
                        "garbage here",
                        "{\"auditID\": \"cut",
                        event("b"),
                        "{\"truncated\": [1, 2",
                        event("c"),
                        "{\"kind\":\"Event\"} trailing",
                        event("d"));

        assertThat(outcomes(read(log)))
                .containsExactly(
                        "a",
                        "rejected line 3: not JSON: a line must start with '{' or '['",
                        "rejected line 4: incomplete JSON: the next record starts before this one"
                                + " closed (line 4)",
                        "b",
                        "rejected line 6: incomplete JSON: the next record starts before this one"
                                + " closed (line 6)",
                        "c",
                        "rejected line 8: invalid JSON: Unrecognized token 'trailing': was"
                                + " expecting (JSON String, Number, Array, Object or token 'null',"
                                + " 'true' or 'false')",
                        "d");
    }

    @Test
    void readsPrettyPrintedDocumentsArraysAndEventLists() throws IOException {
        String pretty = event("a").replace(",", ",\n  ").replace("{\"kind\"", "{\n  \"kind\"");
        String array = "[\n" + event("b") + ",\n" + event("c") + "\n]";
        String eventList =
                "{\n"
                        + "  \"kind\": \"EventList\",\n"
                        + "  \"apiVersion\": \"audit.k8s.io/v1\",\n"
                        + "  \"items\": [\n    "
                        + event("d")
                        + ",\n    "
                        + event("e")
                        + "\n  ]\n}";

        assertThat(outcomes(read(pretty + "\n" + array + "\n" + eventList)))
                .containsExactly("a", "b", "c", "d", "e");
    }

    @Test
    void rejectsADocumentLeftOpenAtTheEnd() throws IOException {
        assertThat(outcomes(read(event("a") + "\n[\n" + event("b") + ",\n")))
                .containsExactly(
                        "a",
                        "rejected line 2: JSON document not closed at the end of the input (lines"
                                + " 2-3)");
    }

    @Test
    void rejectsADocumentLargerThanTheLimitOnceAndReadsOn() throws IOException {
        String array = "[\n" + (event("x") + ",\n").repeat(50) + event("y") + "\n]";
        byte[] bytes = (array + "\n" + event("after")).getBytes(StandardCharsets.UTF_8);

        assertThat(outcomes(read(bytes, 2000)))
                .containsExactly(
                        "rejected line 1: JSON document larger than 2000 characters (lines 1-53)",
                        "after");
    }

    @Test
    void readsGzipWhateverTheFileIsCalledAndRejectsATruncatedRest() throws IOException {
        byte[] gzip = gzip(event("a") + "\n" + event("b") + "\n" + event("c") + "\n");

        assertThat(outcomes(read(gzip, 1 << 20))).containsExactly("a", "b", "c");

        byte[] truncated = Arrays.copyOf(gzip, gzip.length - 12);
        List<String> outcomes = outcomes(read(truncated, 1 << 20));
        assertThat(outcomes.get(outcomes.size() - 1))
                .startsWith("rejected line ")
                .contains("input unreadable")
                .contains("Unexpected end of ZLIB input stream");
    }

    @Test
    void rejectsAGzipFileCutShortInItsHeaderWithoutFailing() throws IOException {
        assertThat(outcomes(read(new byte[] {0x1f, (byte) 0x8b, 8, 0}, 1 << 20)))
                .singleElement()
                .asString()
                .startsWith("rejected line 1: input unreadable: java.io.EOFException");
    }

    @Test
    void readsDocumentsWithoutIndentationAndAfterAByteOrderMark() throws IOException {
        // As Go's json.MarshalIndent(v, "", "") writes them: one token a line, nothing indented.
        String unindented =
                "{\n\"kind\": \"EventList\",\n\"items\": [\n"
                        + event("a").replace(",", ",\n").replace(":{", ":{\n")
                        + ",\n"
                        + event("b")
                        + "\n]\n}";

        assertThat(outcomes(read("\uFEFF" + event("first") + "\n" + unindented)))
                .containsExactly("first", "a", "b");
    }

    @Test
    void saysWhichItemOfAnArrayIsUnusable() throws IOException {
        assertThat(outcomes(read("[\n" + event("a") + ",\n{\"kind\":\"Pod\"}\n]")))
                .containsExactly(
                        "a", "rejected line 1: item 1 of the array: not an audit event: kind Pod");
    }

    @Test
    void givesEachEventAsRecordedOutOfItsEnvelopeBesideItsRecord() throws IOException {
        String aks =
                "{\"properties\":{\"log\":"
                        + new ObjectMapper().writeValueAsString(event("b"))
                        + "}}";
        String list = "{\"kind\":\"EventList\",\"items\":[" + event("c") + ",{\"kind\":\"Pod\"}]}";
        List<RecordedAuditEvent> all = new ArrayList<>();
        try (AuditDocumentReader reader =
                new AuditDocumentReader(
                        new ByteArrayInputStream(
                                String.join("\n", event("a"), aks, "garbage", list)
                                        .getBytes(StandardCharsets.UTF_8)),
                        "f.log",
                        PARSER,
                        1 << 20)) {
            RecordedAuditEvent next;
            while ((next = reader.nextEvent()) != null) {
                all.add(next);
            }
        }

        ObjectMapper json = new ObjectMapper();
        assertThat(all)
                .extracting(RecordedAuditEvent::event)
                .containsExactly(
                        json.readTree(event("a")),
                        json.readTree(event("b")),
                        null,
                        json.readTree(event("c")),
                        null);
        assertThat(outcomes(all.stream().map(RecordedAuditEvent::parsed).toList()))
                .containsExactly(
                        "a",
                        "b",
                        "rejected line 3: not JSON: a line must start with '{' or '['",
                        "c",
                        "rejected line 4: item 1 of the EventList: not an audit event: kind Pod");
    }

    @Test
    void readsEveryRealFalcoCapture() throws IOException {
        List<ParsedAudit> all = new ArrayList<>();
        try (var files = Files.list(SharedData.path("audit/falco"))) {
            for (Path file : files.sorted().toList()) {
                try (InputStream in = Files.newInputStream(file);
                        AuditDocumentReader reader =
                                new AuditDocumentReader(in, file.toString(), PARSER, 1 << 20)) {
                    ParsedAudit next;
                    while ((next = reader.next()) != null) {
                        all.add(next);
                    }
                }
            }
        }

        assertThat(all).hasSize(40).allSatisfy(parsed -> assertThat(parsed.rejection()).isNull());
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
