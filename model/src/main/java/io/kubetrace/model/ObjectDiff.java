package io.kubetrace.model;

import java.util.List;

/**
 * What changed in an object between two versions, or its snapshot at creation or deletion.
 *
 * @param object the object
 * @param oldResourceVersion the version compared from, {@code ""} for a creation
 * @param newResourceVersion the version compared to (for a deletion, the deleted state's)
 * @param kind creation, update or deletion
 * @param lines one line per changed field, {@code <path> <old json> -> <new json>}; empty for
 *     snapshots
 * @param snapshot the object body for a creation or deletion, {@code ""} for an update
 * @param redacted whether values were hidden (Secrets, objects labelled for redaction)
 * @param timeNanos when the new version was seen, epoch nanoseconds
 */
public record ObjectDiff(
        ObjectRef object,
        String oldResourceVersion,
        String newResourceVersion,
        DiffKind kind,
        List<String> lines,
        String snapshot,
        boolean redacted,
        long timeNanos) {

    public long eventTimeMillis() {
        return Math.floorDiv(timeNanos, 1_000_000L);
    }
}
