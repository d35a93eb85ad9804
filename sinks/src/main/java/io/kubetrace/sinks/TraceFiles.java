package io.kubetrace.sinks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubetrace.model.SpanKind;
import io.kubetrace.model.SpanRecord;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Jaeger JSON file per trace in a directory: {@code <traceId>.json}. Writing spans to a trace
 * that has a file merges them with it by span ID, so a trace written in parts, or written again by
 * a replay, stays one trace without duplicates.
 */
public final class TraceFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TraceFiles() {}

    public static Path fileOf(Path directory, String traceId) {
        return directory.resolve(traceId + ".json");
    }

    /** Whether a file in a trace directory is a trace (and not a temporary or other file). */
    public static boolean isTraceFile(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".json") && !name.startsWith(".");
    }

    /** The spans of one trace file. */
    public static List<SpanRecord> read(Path file) throws IOException {
        return JaegerJson.read(JSON.readTree(file.toFile()));
    }

    /**
     * The later of two versions of one span; an object span written again (a late change after the
     * trace was closed) keeps the widest activity of both.
     */
    private static SpanRecord wider(SpanRecord written, SpanRecord later) {
        if (later.kind() != SpanKind.OBJECT) {
            return later;
        }
        return new SpanRecord(
                later.traceId(),
                later.spanId(),
                later.parentSpanId(),
                later.kind(),
                later.name(),
                later.serviceName(),
                later.cluster(),
                Math.min(written.startNanos(), later.startNanos()),
                Math.max(written.endNanos(), later.endNanos()),
                later.attributes(),
                later.events(),
                later.error(),
                later.statusMessage(),
                later.links());
    }

    /**
     * Adds spans to a trace's file, replacing spans with the same ID (widening object spans); the
     * file is replaced atomically.
     */
    public static void merge(Path directory, String traceId, List<SpanRecord> spans)
            throws IOException {
        Path file = fileOf(directory, traceId);
        Map<String, SpanRecord> bySpanId = new LinkedHashMap<>();
        if (Files.exists(file)) {
            read(file).forEach(span -> bySpanId.put(span.spanId(), span));
        }
        spans.forEach(span -> bySpanId.merge(span.spanId(), span, TraceFiles::wider));
        Path temporary = directory.resolve("." + traceId + ".json.tmp");
        JSON.writeValue(
                temporary.toFile(), JaegerJson.trace(traceId, new ArrayList<>(bySpanId.values())));
        try {
            Files.move(
                    temporary,
                    file,
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
