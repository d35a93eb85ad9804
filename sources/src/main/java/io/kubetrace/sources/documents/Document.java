package io.kubetrace.sources.documents;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubetrace.model.Rejection;

/**
 * One top-level JSON or YAML document of an input, or the reason a stretch of the input is not one.
 *
 * @param root the document, {@code null} when rejected
 * @param line the line it starts on (1-based)
 * @param captureNanos when a capture tool recorded it (the {@code # {"time":...}} comment that
 *     precedes each document of a kspan capture), {@link #NO_CAPTURE_TIME} when none
 * @param rejection why this part of the input is unusable, {@code null} when it is a document
 */
public record Document(JsonNode root, long line, long captureNanos, Rejection rejection) {

    public static final long NO_CAPTURE_TIME = Long.MIN_VALUE;

    public static Document of(JsonNode root, long line, long captureNanos) {
        return new Document(root, line, captureNanos, null);
    }

    public static Document rejected(Rejection rejection) {
        return new Document(null, rejection.line(), NO_CAPTURE_TIME, rejection);
    }

    public boolean isRejected() {
        return rejection != null;
    }
}
