package io.kubetrace.sinks;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubetrace.model.SpanRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceFilesTest {

    @TempDir Path directory;

    @Test
    void keepsTheWidestActivityOfAnObjectSpanWrittenAgain() throws IOException {
        SpanRecord wide =
                TestSpans.object("a1a1a1a1a1a1a1a1", "", "deployments", "team/web", 0, 900);
        SpanRecord narrow =
                TestSpans.object("a1a1a1a1a1a1a1a1", "", "deployments", "team/web", 950, 951);

        TraceFiles.merge(directory, TestSpans.TRACE, List.of(wide));
        TraceFiles.merge(directory, TestSpans.TRACE, List.of(narrow));

        assertThat(TraceFiles.read(TraceFiles.fileOf(directory, TestSpans.TRACE)))
                .singleElement()
                .satisfies(
                        span -> {
                            assertThat(span.startNanos()).isEqualTo(wide.startNanos());
                            assertThat(span.endNanos()).isEqualTo(narrow.endNanos());
                        });
    }

    @Test
    void mergesATraceWrittenInPartsAndAgainWithoutDuplicates() throws IOException {
        List<SpanRecord> spans = TestSpans.trace();

        TraceFiles.merge(directory, TestSpans.TRACE, spans.subList(0, 3));
        TraceFiles.merge(directory, TestSpans.TRACE, spans.subList(2, 4));
        TraceFiles.merge(directory, TestSpans.TRACE, spans);

        Path file = TraceFiles.fileOf(directory, TestSpans.TRACE);
        assertThat(TraceFiles.read(file)).containsExactlyInAnyOrderElementsOf(spans);
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files).containsExactly(file);
        }
    }
}
