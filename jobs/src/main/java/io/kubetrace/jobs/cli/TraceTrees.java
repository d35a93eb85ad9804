package io.kubetrace.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubetrace.model.SpanRecord;
import io.kubetrace.sinks.JaegerJson;
import io.kubetrace.sinks.TraceTreeRenderer;
import java.io.IOException;
import java.io.PrintStream;
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
        ObjectMapper json = new ObjectMapper();
        List<List<SpanRecord>> traces = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(TraceTrees::isTraceFile).sorted().toList()) {
                traces.add(JaegerJson.read(json.readTree(file.toFile())));
            }
        }
        traces.sort(
                Comparator.comparingLong(
                        spans -> spans.stream().mapToLong(SpanRecord::startNanos).min().orElse(0)));
        return traces;
    }

    static boolean isTraceFile(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".json") && !name.startsWith(".");
    }

    static void print(Path directory, PrintStream out) throws IOException {
        for (List<SpanRecord> trace : read(directory)) {
            out.println(TraceTreeRenderer.render(trace));
        }
    }
}
