package io.kubetrace.sources.kube;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubetrace.model.KubeTime;
import io.kubetrace.model.ParsedObject;
import io.kubetrace.model.VersionChange;
import io.kubetrace.sources.documents.Document;
import io.kubetrace.sources.documents.DocumentReader;
import io.kubetrace.sources.files.RecordReader;
import java.io.IOException;
import java.io.InputStream;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Queue;

/**
 * Reads Kubernetes objects out of a file: JSON, JSON lines or multi-document YAML (comment lines
 * allowed); each document an object, a {@code List} (or {@code PodList}, ...) of them, or a watch
 * event ({@code {"type": "MODIFIED", "object": {...}}}, as {@code kubectl get -w -o json} writes;
 * with a {@code "time"} when it was seen and a {@code "cluster"}, as {@code kubetrace simulate}
 * writes). A watch event's type says how the version was seen; anything else is a listed version. A
 * capture time before a YAML document (kspan's {@code # {"time": ...}}) is the version's time.
 */
public final class ObjectDocumentReader implements RecordReader<ParsedObject> {

    private final DocumentReader documents;
    private final String source;
    private final KubeObjectParser parser;
    private final Queue<ParsedObject> ready = new ArrayDeque<>();

    public ObjectDocumentReader(
            InputStream input, String source, KubeObjectParser parser, int maxDocumentChars) {
        this(DocumentReader.open(input, source, maxDocumentChars), source, parser);
    }

    private ObjectDocumentReader(DocumentReader documents, String source, KubeObjectParser parser) {
        this.documents = documents;
        this.source = source;
        this.parser = parser;
    }

    public static ObjectDocumentReader unopenable(String source, IOException cause) {
        return new ObjectDocumentReader(DocumentReader.unopenable(source, cause), source, null);
    }

    @Override
    public ParsedObject next() {
        while (ready.isEmpty()) {
            Document document = documents.next();
            if (document == null) {
                return null;
            }
            if (document.isRejected()) {
                ready.add(ParsedObject.rejected(document.rejection()));
            } else {
                expand(document.root(), document);
            }
        }
        return ready.poll();
    }

    private void expand(JsonNode root, Document document) {
        long seen =
                document.captureNanos() == Document.NO_CAPTURE_TIME
                        ? Long.MIN_VALUE
                        : document.captureNanos();
        if (root.isArray()) {
            root.forEach(item -> expand(item, document));
        } else if (root.path("items").isArray() && root.path("kind").asText("").endsWith("List")) {
            root.path("items").forEach(item -> expand(item, document));
        } else if (root.path("object").isObject() && root.has("type")) {
            ready.add(
                    parser.parse(
                            root.path("object"),
                            change(root.path("type").asText()),
                            seenAt(root, seen),
                            root.path("cluster").asText(parser.cluster()),
                            source,
                            document.line()));
        } else {
            ready.add(parser.parse(root, VersionChange.LISTED, seen, source, document.line()));
        }
    }

    /**
     * The time a watch event was seen, when its capture says ({@code "time"}, as simulate writes).
     */
    private static long seenAt(JsonNode watchEvent, long otherwise) {
        String time = watchEvent.path("time").asText("");
        if (time.isEmpty()) {
            return otherwise;
        }
        try {
            return KubeTime.parseNanos(time);
        } catch (DateTimeParseException e) {
            return otherwise;
        }
    }

    private static VersionChange change(String watchType) {
        try {
            return VersionChange.valueOf(watchType.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return VersionChange.LISTED;
        }
    }

    @Override
    public void close() throws IOException {
        documents.close();
    }
}
