package io.kubetrace.sources.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubetrace.model.ParsedAudit;
import io.kubetrace.model.Rejection;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.zip.GZIPInputStream;

/**
 * Reads audit events out of a file or stream in any of the shapes they are kept in: JSON lines (as
 * {@code --audit-log-path} writes them), one pretty-printed event, a JSON array, or an {@code
 * EventList}; plain or gzip. Each event comes out parsed or rejected with its line number; a bad
 * line is rejected alone and reading goes on with the next.
 */
public final class AuditDocumentReader implements Closeable {

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final String BYTE_ORDER_MARK = "\uFEFF";

    private final InputStream input;
    private BufferedReader lines;
    private final String source;
    private final AuditEventParser parser;
    private final int maxDocumentChars;
    private final Queue<ParsedAudit> ready = new ArrayDeque<>();
    private final JsonStructure structure = new JsonStructure();
    private final StringBuilder document = new StringBuilder();

    private long lineNumber;
    private long documentStart;
    private boolean documentTooLarge;
    private boolean prettyPrinted;
    private boolean finished;

    /**
     * @param input the bytes; gzip is recognised by its magic number, whatever the file is called
     * @param source what to call the input in rejections, usually the file path
     * @param parser turns each event into a record
     * @param maxDocumentChars the largest multi-line document accepted; larger ones are rejected
     */
    public AuditDocumentReader(
            InputStream input, String source, AuditEventParser parser, int maxDocumentChars) {
        this.input = input;
        this.source = source;
        this.parser = parser;
        this.maxDocumentChars = maxDocumentChars;
    }

    /** A reader of an input that could not be opened: it gives one rejection saying why. */
    public static AuditDocumentReader unopenable(String source, IOException cause) {
        AuditDocumentReader reader = new AuditDocumentReader(null, source, null, 0);
        reader.reject(0, "cannot open: " + cause, "");
        reader.finished = true;
        return reader;
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

    /** The next event, parsed or rejected; {@code null} at the end of the input. */
    public ParsedAudit next() {
        while (ready.isEmpty() && !finished) {
            readLine();
        }
        return ready.poll();
    }

    private void readLine() {
        String line;
        try {
            if (lines == null) {
                lines =
                        new BufferedReader(
                                new InputStreamReader(decompressed(input), StandardCharsets.UTF_8),
                                1 << 16);
            }
            line = lines.readLine();
        } catch (IOException e) {
            String where =
                    lineNumber == 0
                            ? "input unreadable: "
                            : "input unreadable after line " + lineNumber + ": ";
            reject(lineNumber + 1, where + e, "");
            finished = true;
            return;
        }
        if (line == null) {
            if (document.length() > 0 || documentTooLarge) {
                rejectDocument("JSON document not closed at the end of the input", lineNumber);
            }
            finished = true;
            return;
        }
        lineNumber++;
        if (lineNumber == 1 && line.startsWith(BYTE_ORDER_MARK)) {
            line = line.substring(1);
        }
        if (document.length() > 0 || documentTooLarge) {
            continueDocument(line);
        } else {
            startDocument(line);
        }
    }

    private void startDocument(String line) {
        String text = line.strip();
        if (text.isEmpty()) {
            return;
        }
        char first = text.charAt(0);
        if (first != '{' && first != '[') {
            reject(lineNumber, "not JSON: a line must start with '{' or '['", line);
            return;
        }
        documentStart = lineNumber;
        char last = text.charAt(text.length() - 1);
        if (last == '}' || last == ']') {
            // A JSON-lines record, as audit logs are written: no need to follow its brackets.
            parseDocument(line);
            return;
        }
        structure.reset();
        prettyPrinted = text.length() == 1;
        if (structure.feed(line)) {
            parseDocument(line);
        } else {
            document.append(line).append('\n');
        }
    }

    private void continueDocument(String line) {
        // An object opening in the first column is the next record, and the one being read was
        // cut short, when that one began as a JSON-lines record (more than a bracket on its first
        // line), or when it is inside an object, where a value follows its key on the same line.
        if (line.startsWith("{") && (!prettyPrinted || structure.isInsideObject())) {
            rejectDocument(
                    "incomplete JSON: the next record starts before this one closed",
                    lineNumber - 1);
            startDocument(line);
            return;
        }
        boolean complete = structure.feed(line);
        if (!documentTooLarge) {
            document.append(line).append('\n');
            if (document.length() > maxDocumentChars) {
                documentTooLarge = true;
                document.setLength(Math.min(document.length(), Rejection.EXCERPT_LENGTH + 1));
            }
        }
        if (complete) {
            if (documentTooLarge) {
                rejectDocument(
                        "JSON document larger than " + maxDocumentChars + " characters",
                        lineNumber);
            } else {
                parseDocument(document.toString());
                document.setLength(0);
            }
        }
    }

    private void parseDocument(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            reject(documentStart, "invalid JSON: " + e.getOriginalMessage(), text);
            return;
        }
        if (root.isArray()) {
            addItems(root, "array");
        } else if (root.path("kind").asText("").equals("EventList")) {
            addItems(root.path("items"), "EventList");
        } else {
            ready.add(parser.parse(root, source, documentStart));
        }
    }

    private void addItems(JsonNode items, String container) {
        int index = 0;
        for (JsonNode item : items) {
            ParsedAudit parsed = parser.parse(item, source, documentStart);
            if (parsed.isRejected()) {
                Rejection rejection = parsed.rejection();
                parsed =
                        ParsedAudit.rejected(
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
            ready.add(parsed);
            index++;
        }
    }

    private void rejectDocument(String reason, long lastLine) {
        String lines =
                documentStart == lastLine
                        ? " (line " + documentStart + ")"
                        : " (lines " + documentStart + "-" + lastLine + ")";
        reject(documentStart, reason + lines, document.toString());
        document.setLength(0);
        documentTooLarge = false;
    }

    private void reject(long line, String reason, String input) {
        ready.add(ParsedAudit.rejected(Rejection.of(source, line, reason, input)));
    }

    @Override
    public void close() throws IOException {
        if (lines != null) {
            lines.close();
        } else if (input != null) {
            input.close();
        }
    }
}
