package io.kubetrace.model;

/**
 * One version of a Kubernetes object, as a watch or a capture saw it.
 *
 * @param object the object
 * @param resourceVersion its resourceVersion
 * @param change how it was seen
 * @param timeNanos when (epoch nanoseconds): the receive time for a watch; the capture time, else
 *     the latest managed-fields time, else the creation time for a file
 * @param body the object as JSON, without {@code metadata.managedFields}
 * @param parent the controlling parent its body names, {@code null} when none
 * @param source where it was read: a file, or a cluster and resource
 * @param line the line of the file, or 0
 */
public record ObjectVersion(
        ObjectRef object,
        String resourceVersion,
        VersionChange change,
        long timeNanos,
        String body,
        ObjectRef parent,
        String source,
        long line) {

    public long eventTimeMillis() {
        return Math.floorDiv(timeNanos, 1_000_000L);
    }
}
