package io.kubetrace.sources.documents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kubetrace.model.KubeTime;
import io.kubetrace.model.Rejection;
import java.io.IOException;
import java.io.InputStream;
import java.time.format.DateTimeParseException;

/**
 * Reads multi-document YAML, as {@code kubectl get -o yaml} and capture tools write it: documents
 * separated by {@code ---} lines, comment lines allowed. A comment line {@code # {"time": ...}}
 * before a document, as the kspan capture has, gives the time the document was captured.
 */
final class YamlDocumentReader implements DocumentReader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LineInput lines;
    private final String source;
    private final int maxDocumentChars;
    private final StringBuilder document = new StringBuilder();
    private long documentStart;
    private long captureNanos = Document.NO_CAPTURE_TIME;
    private boolean finished;

    YamlDocumentReader(InputStream input, String source, int maxDocumentChars) {
        this.lines = new LineInput(input);
        this.source = source;
        this.maxDocumentChars = maxDocumentChars;
    }

    @Override
    public Document next() {
        while (!finished) {
            String line;
            try {
                line = lines.next();
            } catch (IOException e) {
                finished = true;
                return Document.rejected(
                        Rejection.of(source, lines.lineNumber() + 1, lines.unreadable(e), ""));
            }
            if (line == null) {
                finished = true;
                return endDocument();
            }
            if (line.startsWith("---")) {
                Document done = endDocument();
                if (done != null) {
                    return done;
                }
                continue;
            }
            if (line.startsWith("#")) {
                readCaptureTime(line);
                continue;
            }
            if (document.length() == 0) {
                if (line.isBlank()) {
                    continue;
                }
                documentStart = lines.lineNumber();
            }
            if (document.length() <= maxDocumentChars) {
                document.append(line).append('\n');
            }
        }
        return null;
    }

    private void readCaptureTime(String comment) {
        String text = comment.substring(1).strip();
        if (!text.startsWith("{")) {
            return;
        }
        try {
            JsonNode meta = JSON.readTree(text);
            if (meta.hasNonNull("time")) {
                captureNanos = KubeTime.parseNanos(meta.get("time").asText());
            }
        } catch (IOException | DateTimeParseException e) {
            // A comment that is not capture metadata is just a comment.
        }
    }

    private Document endDocument() {
        if (document.length() == 0) {
            return null;
        }
        String text = document.toString();
        document.setLength(0);
        long capture = captureNanos;
        captureNanos = Document.NO_CAPTURE_TIME;
        if (text.length() > maxDocumentChars) {
            return Document.rejected(
                    Rejection.of(
                            source,
                            documentStart,
                            "YAML document larger than " + maxDocumentChars + " characters",
                            text));
        }
        try {
            JsonNode root = YAML.readTree(text);
            return root == null || root.isMissingNode()
                    ? null
                    : Document.of(root, documentStart, capture);
        } catch (IOException e) {
            return Document.rejected(
                    Rejection.of(source, documentStart, "invalid YAML: " + e.getMessage(), text));
        }
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
