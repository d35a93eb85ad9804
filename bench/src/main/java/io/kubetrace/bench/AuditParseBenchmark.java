package io.kubetrace.bench;

import io.kubetrace.model.ParsedAudit;
import io.kubetrace.sources.audit.AuditDocumentReader;
import io.kubetrace.sources.audit.AuditEventParser;
import io.kubetrace.sources.audit.AuditSourceOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * kubetrace's own reading of audit logs, the file source's path from bytes to the model record:
 * {@link AuditDocumentReader} (lines, UTF-8, JSON documents) and {@link AuditEventParser} (the
 * {@code AuditRecord}), with the default settings. One operation is one audit event of a {@link
 * LineSample} of the file the pipeline reads.
 */
@State(Scope.Thread)
public class AuditParseBenchmark {

    /** The sample file, every k-th line of the audit log. */
    @Param("")
    public String sample;

    private byte[] bytes;
    private AuditEventParser parser;
    private int maxDocumentChars;
    private AuditDocumentReader reader;

    @Setup
    public void load() throws IOException {
        bytes = Files.readAllBytes(Path.of(sample));
        Configuration defaults = new Configuration();
        parser = AuditEventParser.from(defaults);
        maxDocumentChars = (int) defaults.get(AuditSourceOptions.MAX_DOCUMENT_SIZE).getBytes();
        reader = open();
    }

    private AuditDocumentReader open() {
        return new AuditDocumentReader(
                new ByteArrayInputStream(bytes), sample, parser, maxDocumentChars);
    }

    @Benchmark
    public ParsedAudit parseEvent() throws IOException {
        ParsedAudit event = reader.next();
        if (event == null) {
            reader.close();
            reader = open();
            event = reader.next();
        }
        return event;
    }
}
