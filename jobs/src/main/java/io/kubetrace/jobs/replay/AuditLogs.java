package io.kubetrace.jobs.replay;

import io.kubetrace.model.Rejection;
import io.kubetrace.sources.audit.AuditDocumentReader;
import io.kubetrace.sources.audit.AuditEventParser;
import io.kubetrace.sources.audit.RecordedAuditEvent;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.function.Consumer;

/**
 * The recorded audit logs a replay plays: files, in the order given (a backfill's, oldest first),
 * or a stream such as standard input, which can be played only once. They are read by the same
 * reader as a backfill's, in every shape it reads.
 */
public final class AuditLogs {

    private final List<Path> files;
    private final InputStream stream;
    private final String streamName;
    private final AuditEventParser parser;
    private final int maxDocumentChars;

    private AuditLogs(
            List<Path> files,
            InputStream stream,
            String streamName,
            AuditEventParser parser,
            int maxDocumentChars) {
        this.files = files;
        this.stream = stream;
        this.streamName = streamName;
        this.parser = parser;
        this.maxDocumentChars = maxDocumentChars;
    }

    public static AuditLogs files(List<Path> files, AuditEventParser parser, int maxDocumentChars) {
        return new AuditLogs(List.copyOf(files), null, null, parser, maxDocumentChars);
    }

    /** A stream, named {@code name} in rejections; it is not closed. */
    public static AuditLogs stream(
            InputStream stream, String name, AuditEventParser parser, int maxDocumentChars) {
        return new AuditLogs(List.of(), stream, name, parser, maxDocumentChars);
    }

    /** Whether the logs can be read more than once. */
    public boolean replayable() {
        return stream == null;
    }

    /** The logs in a message: how many files, or the stream's name. */
    public String describe() {
        if (stream != null) {
            return streamName;
        }
        return files.size() + (files.size() == 1 ? " file" : " files");
    }

    /**
     * Reads the logs from their start.
     *
     * @param rejected told of every part of the input that is no usable audit event
     */
    public Events open(Consumer<Rejection> rejected) {
        return new Events(rejected);
    }

    /** The events of one reading, in order. */
    public final class Events implements Closeable {

        private final Queue<Path> unread = new ArrayDeque<>(files);
        private final Consumer<Rejection> rejected;
        private AuditDocumentReader reader;
        private boolean streamRead;

        private Events(Consumer<Rejection> rejected) {
            this.rejected = rejected;
        }

        /** The next usable event; {@code null} after the last. */
        public RecordedAuditEvent next() throws IOException {
            while (true) {
                if (reader == null && !openNext()) {
                    return null;
                }
                RecordedAuditEvent next = reader.nextEvent();
                if (next == null) {
                    closeReader();
                } else if (next.isRejected()) {
                    rejected.accept(next.parsed().rejection());
                } else {
                    return next;
                }
            }
        }

        private boolean openNext() {
            if (stream != null) {
                if (streamRead) {
                    return false;
                }
                streamRead = true;
                reader = new AuditDocumentReader(stream, streamName, parser, maxDocumentChars);
                return true;
            }
            Path file = unread.poll();
            if (file == null) {
                return false;
            }
            try {
                reader =
                        new AuditDocumentReader(
                                Files.newInputStream(file),
                                file.toString(),
                                parser,
                                maxDocumentChars);
            } catch (IOException e) {
                reader = AuditDocumentReader.unopenable(file.toString(), e);
            }
            return true;
        }

        private void closeReader() throws IOException {
            AuditDocumentReader done = reader;
            reader = null;
            // The stream belongs to the caller (standard input): it is left open.
            if (stream == null) {
                done.close();
            }
        }

        @Override
        public void close() throws IOException {
            if (reader != null) {
                closeReader();
            }
        }
    }
}
