package io.kubetrace.sinks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubetrace.model.Rejection;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes rejected inputs as JSON lines ({@code source}, {@code line}, {@code reason}, {@code
 * excerpt}) to one file, so a person can find and fix them. A fresh job starts the file anew; a job
 * restored from a checkpoint appends. Runs with parallelism 1.
 */
public final class RejectionFileSink implements Sink<Rejection> {

    private static final long serialVersionUID = 1L;

    private final String file;

    public RejectionFileSink(Path file) {
        this.file = file.toString();
    }

    @Override
    public SinkWriter<Rejection> createWriter(WriterInitContext context) throws IOException {
        Path path = Paths.get(file);
        Files.createDirectories(path.toAbsolutePath().getParent());
        StandardOpenOption mode =
                context.getRestoredCheckpointId().isPresent()
                        ? StandardOpenOption.APPEND
                        : StandardOpenOption.TRUNCATE_EXISTING;
        return new Writer(
                Files.newBufferedWriter(
                        path,
                        StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE,
                        mode,
                        StandardOpenOption.WRITE));
    }

    private static final class Writer implements SinkWriter<Rejection> {

        private static final ObjectMapper JSON = new ObjectMapper();

        private final BufferedWriter out;

        Writer(BufferedWriter out) {
            this.out = out;
        }

        @Override
        public void write(Rejection rejection, Context context) throws IOException {
            out.write(JSON.writeValueAsString(rejection));
            out.newLine();
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
