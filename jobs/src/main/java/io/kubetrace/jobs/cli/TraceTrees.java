package io.kubetrace.jobs.cli;

import io.kubetrace.model.SpanRecord;
import io.kubetrace.sinks.TraceFiles;
import io.kubetrace.sinks.TraceTreeRenderer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Reads the trace files a job wrote and prints them as trees, oldest trace first. */
final class TraceTrees {

    private TraceTrees() {}

    static List<List<SpanRecord>> read(Path directory) throws IOException {
        List<List<SpanRecord>> traces = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(TraceFiles::isTraceFile).sorted().toList()) {
                traces.add(TraceFiles.read(file));
            }
        }
        traces.sort(
                Comparator.comparingLong(
                        spans -> spans.stream().mapToLong(SpanRecord::startNanos).min().orElse(0)));
        return traces;
    }

    static void print(Path directory, PrintWriter out) throws IOException {
        for (List<SpanRecord> trace : read(directory)) {
            out.println(TraceTreeRenderer.render(trace));
        }
        out.flush();
    }
}
