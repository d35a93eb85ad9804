package io.kubetrace.jobs;

import io.kubetrace.model.SpanRecord;
import io.kubetrace.sinks.TraceFileSink;
import java.nio.file.Path;
import org.apache.flink.api.connector.sink2.Sink;

/**
 * One place a job writes spans to.
 *
 * @param uid the sink's stable uid (see {@link Uids})
 * @param name what the Flink UI shows
 * @param sink the sink
 * @param byTrace whether the sink needs all spans of a trace in one subtask (files do)
 */
public record SpanOutput(String uid, String name, Sink<SpanRecord> sink, boolean byTrace) {

    /** Spans a file-sink writer holds before writing them out. */
    private static final int MAX_BUFFERED_SPANS = 100_000;

    /** One Jaeger JSON file per trace in {@code directory}, as {@code --out} writes them. */
    public static SpanOutput traceFiles(Path directory) {
        return new SpanOutput(
                Uids.TRACE_FILE_SINK,
                "write trace files",
                new TraceFileSink(directory, MAX_BUFFERED_SPANS),
                true);
    }
}
