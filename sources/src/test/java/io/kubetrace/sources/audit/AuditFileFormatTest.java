package io.kubetrace.sources.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubetrace.model.ParsedAudit;
import io.kubetrace.sources.files.InOrderSplitAssigner;
import io.kubetrace.sources.files.RecordFileFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditFileFormatTest {

    private static final RecordFileFormat<ParsedAudit> FORMAT =
            new RecordFileFormat<>(
                    AuditFileSource.readers(new AuditEventParser("c", 64 * 1024), 1 << 20),
                    TypeInformation.of(ParsedAudit.class));

    @TempDir Path directory;

    @Test
    void namesTheFileInRejectionsAndResumesAfterWhatItEmitted() throws IOException {
        Path file = directory.resolve("audit.log");
        Files.writeString(file, line("a") + "\nnot json\n" + line("b") + "\n" + line("c") + "\n");
        FileSourceSplit split = split(file, null);

        List<RecordAndPosition<ParsedAudit>> fresh =
                readAll(FORMAT.createReader(new Configuration(), split));
        assertThat(fresh).hasSize(4);
        assertThat(fresh.get(1).getRecord().rejection().source()).isEqualTo(file.toString());
        assertThat(fresh.get(1).getRecord().rejection().line()).isEqualTo(2);
        assertThat(fresh.get(1).getRecordSkipCount()).isEqualTo(2);

        FileSourceSplit restored =
                split(file, new CheckpointedPosition(CheckpointedPosition.NO_OFFSET, 2));
        List<RecordAndPosition<ParsedAudit>> rest =
                readAll(FORMAT.restoreReader(new Configuration(), restored));
        assertThat(rest)
                .extracting(each -> each.getRecord().record().auditId())
                .containsExactly("b", "c");
        assertThat(rest).extracting(RecordAndPosition::getRecordSkipCount).containsExactly(3L, 4L);
    }

    private static FileSourceSplit split(Path file, CheckpointedPosition position)
            throws IOException {
        return new FileSourceSplit(
                "0",
                new org.apache.flink.core.fs.Path(file.toUri()),
                0,
                Files.size(file),
                0,
                Files.size(file),
                new String[0],
                position);
    }

    private static List<RecordAndPosition<ParsedAudit>> readAll(
            BulkFormat.Reader<ParsedAudit> reader) throws IOException {
        List<RecordAndPosition<ParsedAudit>> all = new ArrayList<>();
        BulkFormat.RecordIterator<ParsedAudit> batch;
        while ((batch = reader.readBatch()) != null) {
            RecordAndPosition<ParsedAudit> next;
            while ((next = batch.next()) != null) {
                all.add(
                        new RecordAndPosition<>(
                                next.getRecord(), next.getOffset(), next.getRecordSkipCount()));
            }
            batch.releaseBatch();
        }
        reader.close();
        return all;
    }

    private static String line(String auditId) {
        return "{\"auditID\":\""
                + auditId
                + "\",\"verb\":\"create\",\"stage\":\"ResponseComplete\","
                + "\"stageTimestamp\":\"2024-01-02T03:04:05Z\"}";
    }

    @Test
    void turnsAFileThatCannotBeOpenedIntoARejection() throws IOException {
        Path file = Files.writeString(directory.resolve("gone.log"), line("a"));
        FileSourceSplit split = split(file, null);
        Files.delete(file);

        List<RecordAndPosition<ParsedAudit>> read =
                readAll(FORMAT.createReader(new Configuration(), split));

        assertThat(read)
                .singleElement()
                .satisfies(
                        each ->
                                assertThat(each.getRecord().rejection().reason())
                                        .startsWith("cannot open: "));
    }

    @Test
    void handsOutFilesInTheOrderGiven() throws IOException {
        Path first = Files.writeString(directory.resolve("1.log"), line("a"));
        Path second = Files.writeString(directory.resolve("2.log"), line("b"));
        InOrderSplitAssigner assigner =
                new InOrderSplitAssigner(List.of(split(first, null), split(second, null)));

        Optional<FileSourceSplit> next = assigner.getNext(null);
        assertThat(next.orElseThrow().path().getName()).isEqualTo("1.log");
        assigner.addSplits(List.of(next.get()));
        assertThat(assigner.getNext(null).orElseThrow().path().getName()).isEqualTo("1.log");
        assertThat(assigner.getNext(null).orElseThrow().path().getName()).isEqualTo("2.log");
        assertThat(assigner.getNext(null)).isEmpty();
    }
}
