package io.kubetrace.jobs;

import io.kubetrace.jobs.simulate.AuditSimulator;
import io.kubetrace.jobs.simulate.SimulationOptions;
import io.kubetrace.model.ParsedAudit;
import io.kubetrace.model.ParsedObject;
import io.kubetrace.sources.audit.AuditEventParser;
import io.kubetrace.sources.audit.AuditFileSource;
import io.kubetrace.sources.files.RecordReader;
import io.kubetrace.sources.files.RecordReaderFactory;
import io.kubetrace.sources.kube.KubeObjectParser;
import io.kubetrace.sources.kube.ObjectFileSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * SYNTHETIC rollouts (a Deployment, a CronJob and a StatefulSet) as audit events and watched object
 * versions and Events, each cut in two halves. Each half ends with a line that is neither an audit
 * event nor an object: the pipeline rejects it, and its rejection tells a test that the source has
 * read everything before it.
 */
final class RolloutHalves {

    static final int MAX_DOCUMENT_CHARS = 1 << 20;
    static final AuditEventParser AUDIT_PARSER = new AuditEventParser("default", 64 * 1024);
    static final KubeObjectParser OBJECT_PARSER = new KubeObjectParser("default");

    private final List<String> audits;
    private final List<String> objects;

    private RolloutHalves(List<String> audits, List<String> objects) {
        this.audits = audits;
        this.objects = objects;
    }

    static RolloutHalves simulate() throws IOException {
        StringWriter audit = new StringWriter();
        StringWriter versions = new StringWriter();
        new AuditSimulator(
                        new SimulationOptions(
                                1,
                                2,
                                1,
                                1,
                                1,
                                1,
                                3,
                                Instant.parse("2026-11-01T10:00:00Z"),
                                Duration.ofMinutes(2),
                                1,
                                false))
                .write(audit, versions);
        return new RolloutHalves(lines(audit), lines(versions));
    }

    private static List<String> lines(StringWriter written) {
        return List.of(written.toString().split("\n"));
    }

    /** The audit log's lines of a half (1 or 2), with the line that ends it. */
    List<String> audits(int half) {
        return withEnd(half(audits, half), "{\"kind\": \"Event\", \"end of half\": " + half + "}");
    }

    /** The object versions' and Events' lines of a half (1 or 2), with the line that ends it. */
    List<String> objects(int half) {
        return withEnd(
                half(objects, half),
                "{\"type\": \"ADDED\", \"object\": {\"end of half\": " + half + "}}");
    }

    private static List<String> half(List<String> lines, int half) {
        int middle = lines.size() / 2;
        return half == 1 ? lines.subList(0, middle) : lines.subList(middle, lines.size());
    }

    private static List<String> withEnd(List<String> lines, String end) {
        List<String> all = new ArrayList<>(lines);
        all.add(end);
        return all;
    }

    /** Writes a half's audit log and object file into the directories given. */
    void writeHalf(int half, Path auditDirectory, Path objectDirectory) throws IOException {
        Files.write(auditDirectory.resolve("audit-" + half + ".jsonl"), audits(half));
        Files.write(objectDirectory.resolve("objects-" + half + ".jsonl"), objects(half));
    }

    /** Writes both halves, one after the other, into one audit log and one object file. */
    void writeWhole(Path audit, Path objectFile) throws IOException {
        List<String> allAudits = new ArrayList<>(audits(1));
        allAudits.addAll(audits(2));
        Files.write(audit, allAudits);
        List<String> allObjects = new ArrayList<>(objects(1));
        allObjects.addAll(objects(2));
        Files.write(objectFile, allObjects);
    }

    /** The audit events of a half as the job's source reads them. */
    List<ParsedAudit> parsedAudits(int half) throws IOException {
        return read(AuditFileSource.readers(AUDIT_PARSER, MAX_DOCUMENT_CHARS), audits(half));
    }

    /** The object versions and Events of a half as the job's source reads them. */
    List<ParsedObject> parsedObjects(int half) throws IOException {
        return read(ObjectFileSource.readers(OBJECT_PARSER, MAX_DOCUMENT_CHARS), objects(half));
    }

    /**
     * The watermark of a job whose sources have read a half, their watermarks trailing their newest
     * event by {@code maxOutOfOrderness}: the lower of the two.
     */
    long watermarkAfter(int half, Duration maxOutOfOrderness) throws IOException {
        long newestAudit =
                parsedAudits(half).stream()
                        .mapToLong(ParsedAudit::eventTimeMillis)
                        .max()
                        .orElseThrow();
        long newestObject =
                parsedObjects(half).stream()
                        .mapToLong(ParsedObject::eventTimeMillis)
                        .max()
                        .orElseThrow();
        return Math.min(newestAudit, newestObject) - maxOutOfOrderness.toMillis() - 1;
    }

    private static <T> List<T> read(RecordReaderFactory<T> readers, List<String> lines)
            throws IOException {
        byte[] bytes = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        List<T> records = new ArrayList<>();
        try (RecordReader<T> reader = readers.open(new ByteArrayInputStream(bytes), "half")) {
            for (T record = reader.next(); record != null; record = reader.next()) {
                records.add(record);
            }
        }
        return records;
    }
}
