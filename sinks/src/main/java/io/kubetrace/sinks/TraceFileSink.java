package io.kubetrace.sinks;

import io.kubetrace.model.SpanRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;

/**
 * Writes each trace to {@code <directory>/<traceId>.json} in Jaeger's JSON format, ready for Jaeger
 * UI's "JSON File" upload. Spans are buffered and written before every checkpoint, at the end of
 * the input, and whenever {@code maxBufferedSpans} are waiting. A trace written again (its later
 * spans, or a replay after a restart) is merged with its file by span ID, so the file stays one
 * whole trace without duplicates. Files are replaced atomically. Expects its input keyed by trace
 * ID, so that one writer owns each file.
 */
public final class TraceFileSink implements Sink<SpanRecord> {

    private static final long serialVersionUID = 1L;

    private final String directory;
    private final int maxBufferedSpans;

    public TraceFileSink(Path directory, int maxBufferedSpans) {
        this.directory = directory.toString();
        this.maxBufferedSpans = maxBufferedSpans;
    }

    @Override
    public SinkWriter<SpanRecord> createWriter(WriterInitContext context) throws IOException {
        Path dir = Paths.get(directory);
        Files.createDirectories(dir);
        return new Writer(
                dir,
                maxBufferedSpans,
                context.metricGroup().counter("traceFilesWritten"),
                context.metricGroup().getNumRecordsSendCounter());
    }

    private static final class Writer implements SinkWriter<SpanRecord> {

        private final Path directory;
        private final int maxBufferedSpans;
        private final Counter filesWritten;
        private final Counter spansWritten;
        private final TraceBuffer buffer = new TraceBuffer();

        Writer(Path directory, int maxBufferedSpans, Counter filesWritten, Counter spansWritten) {
            this.directory = directory;
            this.maxBufferedSpans = maxBufferedSpans;
            this.filesWritten = filesWritten;
            this.spansWritten = spansWritten;
        }

        @Override
        public void write(SpanRecord span, Context context) throws IOException {
            buffer.add(span);
            if (buffer.size() >= maxBufferedSpans) {
                flush(false);
            }
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            for (Map.Entry<String, List<SpanRecord>> trace : buffer.drain().entrySet()) {
                writeTrace(trace.getKey(), trace.getValue());
            }
        }

        private void writeTrace(String traceId, List<SpanRecord> spans) throws IOException {
            TraceFiles.merge(directory, traceId, spans);
            filesWritten.inc();
            spansWritten.inc(spans.size());
        }

        @Override
        public void close() {}
    }
}
