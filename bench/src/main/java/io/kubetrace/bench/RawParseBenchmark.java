package io.kubetrace.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The limit every pipeline figure is measured against: the raw cost of reading the audit bytes, one
 * Jackson tree parse of each line, on one thread. One operation is one line (one audit event) of a
 * {@link LineSample} of the file the pipeline reads.
 */
@State(Scope.Thread)
public class RawParseBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The sample file, every k-th line of the audit log. */
    @Param("")
    public String sample;

    private byte[][] lines;
    private int next;

    @Setup
    public void load() throws IOException {
        lines = LineSample.read(Path.of(sample));
    }

    @Benchmark
    public JsonNode parseLine() throws IOException {
        byte[] line = lines[next];
        next = next + 1 == lines.length ? 0 : next + 1;
        return JSON.readTree(line);
    }
}
