package io.kubetrace.sources.documents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubetrace.model.Rejection;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * Reads the JSON documents of an input in the shapes logs are kept in: JSON lines, or
 * pretty-printed documents spanning lines, one after another. A line that is not JSON, a record cut
 * short, a document left open at the end or one larger than the limit is rejected alone, with its
 * line number, and reading goes on.
 */
public final class JsonDocumentReader implements DocumentReader {

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final LineInput lines;
    private final String source;
    private final int maxDocumentChars;
    private final Queue<Document> ready = new ArrayDeque<>();
    private final JsonStructure structure = new JsonStructure();
    private final StringBuilder document = new StringBuilder();

    private long documentStart;
    private boolean documentTooLarge;
    private boolean prettyPrinted;
    private boolean finished;

    public JsonDocumentReader(InputStream input, String source, int maxDocumentChars) {
        this.lines = new LineInput(input);
        this.source = source;
        this.maxDocumentChars = maxDocumentChars;
    }

    @Override
    public Document next() {
        while (ready.isEmpty() && !finished) {
            readLine();
        }
        return ready.poll();
    }

    private void readLine() {
        String line;
        try {
            line = lines.next();
        } catch (IOException e) {
            reject(lines.lineNumber() + 1, lines.unreadable(e), "");
            finished = true;
            return;
        }
        if (line == null) {
            if (document.length() > 0 || documentTooLarge) {
                rejectDocument(
                        "JSON document not closed at the end of the input", lines.lineNumber());
            }
            finished = true;
            return;
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
            reject(lines.lineNumber(), "not JSON: a line must start with '{' or '['", line);
            return;
        }
        documentStart = lines.lineNumber();
        char last = text.charAt(text.length() - 1);
        if (last == '}' || last == ']') {
            // A JSON-lines record, as logs are written: no need to follow its brackets.
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
                    lines.lineNumber() - 1);
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
                        lines.lineNumber());
            } else {
                parseDocument(document.toString());
                document.setLength(0);
            }
        }
    }

    private void parseDocument(String text) {
        try {
            ready.add(Document.of(JSON.readTree(text), documentStart, Document.NO_CAPTURE_TIME));
        } catch (JsonProcessingException e) {
            reject(documentStart, "invalid JSON: " + e.getOriginalMessage(), text);
        }
    }

    private void rejectDocument(String reason, long lastLine) {
        String where =
                documentStart == lastLine
                        ? " (line " + documentStart + ")"
                        : " (lines " + documentStart + "-" + lastLine + ")";
        reject(documentStart, reason + where, document.toString());
        document.setLength(0);
        documentTooLarge = false;
    }

    private void reject(long line, String reason, String input) {
        ready.add(Document.rejected(Rejection.of(source, line, reason, input)));
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
