package io.kubetrace.sources.documents;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/**
 * The lines of an input, opened on first use: gzip is recognised by its magic number whatever the
 * file is called, and a byte-order mark is dropped. Reading errors (a gzip file cut short) surface
 * when a line is read, so the reader can turn them into a rejection.
 */
final class LineInput {

    private static final String BYTE_ORDER_MARK = "\uFEFF";

    private final InputStream input;
    private BufferedReader lines;
    private long lineNumber;

    LineInput(InputStream input) {
        this.input = input;
    }

    /** The next line, or {@code null} at the end. */
    String next() throws IOException {
        if (lines == null) {
            lines =
                    new BufferedReader(
                            new InputStreamReader(decompressed(input), StandardCharsets.UTF_8),
                            1 << 16);
        }
        String line = lines.readLine();
        if (line == null) {
            return null;
        }
        lineNumber++;
        return lineNumber == 1 && line.startsWith(BYTE_ORDER_MARK) ? line.substring(1) : line;
    }

    /** The number of the last line read (1-based), 0 before the first. */
    long lineNumber() {
        return lineNumber;
    }

    private static InputStream decompressed(InputStream input) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(input, 1 << 16);
        buffered.mark(2);
        int first = buffered.read();
        int second = buffered.read();
        buffered.reset();
        boolean gzip = first == 0x1f && second == 0x8b;
        return gzip ? new GZIPInputStream(buffered, 1 << 16) : buffered;
    }

    void close() throws IOException {
        if (lines != null) {
            lines.close();
        } else {
            input.close();
        }
    }

    /** The rejection reason for an input that could not be read on. */
    String unreadable(IOException e) {
        return (lineNumber == 0
                        ? "input unreadable: "
                        : "input unreadable after line " + lineNumber + ": ")
                + e;
    }
}
