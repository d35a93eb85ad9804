package io.kubetrace.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every k-th line of a file, spread over all of it so the sample has the file's mix, small enough
 * to hold in memory for the parse benchmarks. The sample keeps each line's bytes as they are.
 */
final class LineSample {

    private LineSample() {}

    /**
     * What a sample holds.
     *
     * @param lines lines in the sample
     * @param bytes bytes in the sample
     * @param every the sample holds every {@code every}-th line of the file
     * @param fileLines lines in the whole file
     */
    record Stats(long lines, long bytes, long every, long fileLines) {

        /** Mean bytes a line, its newline included. */
        double bytesPerLine() {
            return lines == 0 ? 0 : (double) bytes / lines;
        }
    }

    /**
     * Writes every k-th line of {@code file} to {@code sample}, k chosen so that the sample is
     * about {@code maxBytes}.
     */
    static Stats write(Path file, Path sample, long maxBytes) throws IOException {
        long every = Math.max(1, (Files.size(file) + maxBytes - 1) / maxBytes);
        long index = 0;
        long lines = 0;
        long bytes = 0;
        try (InputStream in = Files.newInputStream(file);
                OutputStream out =
                        new BufferedOutputStream(Files.newOutputStream(sample), 1 << 16)) {
            byte[] buffer = new byte[1 << 20];
            for (int read = in.read(buffer); read != -1; read = in.read(buffer)) {
                int start = 0;
                for (int i = 0; i < read; i++) {
                    if (buffer[i] != '\n') {
                        continue;
                    }
                    // A line that began in the previous buffer is kept (or dropped) by its index.
                    if (index % every == 0) {
                        out.write(buffer, start, i + 1 - start);
                        bytes += i + 1 - start;
                        lines++;
                    }
                    index++;
                    start = i + 1;
                }
                if (index % every == 0) {
                    out.write(buffer, start, read - start);
                    bytes += read - start;
                }
            }
        }
        return new Stats(lines, bytes, every, index);
    }

    /** The lines of a sample, without their newlines. */
    static byte[][] read(Path sample) throws IOException {
        byte[] all = Files.readAllBytes(sample);
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == '\n') {
                if (i > start) {
                    lines.add(java.util.Arrays.copyOfRange(all, start, i));
                }
                start = i + 1;
            }
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("no lines in " + sample);
        }
        return lines.toArray(new byte[0][]);
    }
}
