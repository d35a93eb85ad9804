package io.kubetrace.sources.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubetrace.model.ParsedAudit;
import io.kubetrace.model.Rejection;
import io.kubetrace.sources.documents.Document;
import io.kubetrace.sources.documents.DocumentReader;
import io.kubetrace.sources.documents.JsonDocumentReader;
import io.kubetrace.sources.files.RecordReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * Reads audit events out of a file or stream in any of the shapes they are kept in: JSON lines (as
 * {@code --audit-log-path} writes them), one pretty-printed event, a JSON array, or an {@code
 * EventList}; plain or gzip. Each event comes out parsed or rejected with its line number; a bad
 * line is rejected alone and reading goes on with the next.
 */
public final class AuditDocumentReader implements RecordReader<ParsedAudit> {

    private final DocumentReader documents;
    private final String source;
    private final AuditEventParser parser;
    private final Queue<RecordedAuditEvent> ready = new ArrayDeque<>();

    /**
     * @param input the bytes; gzip is recognised by its magic number, whatever the file is called
     * @param source what to call the input in rejections, usually the file path
     * @param parser turns each event into a record
     * @param maxDocumentChars the largest multi-line document accepted; larger ones are rejected
     */
    public AuditDocumentReader(
            InputStream input, String source, AuditEventParser parser, int maxDocumentChars) {
        this(new JsonDocumentReader(input, source, maxDocumentChars), source, parser);
    }

    private AuditDocumentReader(DocumentReader documents, String source, AuditEventParser parser) {
        this.documents = documents;
        this.source = source;
        this.parser = parser;
    }

    /** A reader of an input that could not be opened: it gives one rejection saying why. */
    public static AuditDocumentReader unopenable(String source, IOException cause) {
        return new AuditDocumentReader(DocumentReader.unopenable(source, cause), source, null);
    }

    /** The next event, parsed or rejected; {@code null} at the end of the input. */
    @Override
    public ParsedAudit next() {
        RecordedAuditEvent next = nextEvent();
        return next == null ? null : next.parsed();
    }

    /**
     * The next event with its JSON as recorded, or the rejection of the input in its place; {@code
     * null} at the end of the input.
     */
    public RecordedAuditEvent nextEvent() {
        while (ready.isEmpty()) {
            Document document = documents.next();
            if (document == null) {
                return null;
            }
            if (document.isRejected()) {
                ready.add(RecordedAuditEvent.rejected(document.rejection()));
            } else {
                expand(document);
            }
        }
        return ready.poll();
    }

    private void expand(Document document) {
        JsonNode root = document.root();
        if (root.isArray()) {
            addItems(root, "array", document);
        } else if (root.path("kind").asText("").equals("EventList")) {
            addItems(root.path("items"), "EventList", document);
        } else {
            ready.add(parser.read(root, source, document.line()));
        }
    }

    private void addItems(JsonNode items, String container, Document document) {
        int index = 0;
        for (JsonNode item : items) {
            RecordedAuditEvent read = parser.read(item, source, document.line());
            if (read.isRejected()) {
                Rejection rejection = read.parsed().rejection();
                read =
                        RecordedAuditEvent.rejected(
                                new Rejection(
                                        rejection.source(),
                                        rejection.line(),
                                        "item "
                                                + index
                                                + " of the "
                                                + container
                                                + ": "
                                                + rejection.reason(),
                                        rejection.excerpt()));
            }
            ready.add(read);
            index++;
        }
    }

    @Override
    public void close() throws IOException {
        documents.close();
    }
}
