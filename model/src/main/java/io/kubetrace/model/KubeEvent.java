package io.kubetrace.model;

/**
 * One Kubernetes Event (core/v1 or events.k8s.io/v1), about the object it regards.
 *
 * @param cluster the cluster
 * @param uid the Event's own uid
 * @param resourceVersion the Event's resourceVersion (it changes when the Event repeats)
 * @param namespace the Event's namespace
 * @param name the Event's name
 * @param regarding the object the Event is about ({@code involvedObject} or {@code regarding})
 * @param reason such as {@code Scheduled} or {@code BackOff}
 * @param type {@code Normal} or {@code Warning}
 * @param note the message
 * @param action what was done ({@code action}), {@code ""} when not given
 * @param component who reported it: {@code source.component}, else the reporting controller
 * @param host the reporting host or instance, {@code ""} when not given
 * @param count how often it happened ({@code count} or {@code series.count}), at least 1
 * @param timeNanos when: {@code eventTime}, else {@code lastTimestamp}, else {@code
 *     firstTimestamp}, else the creation time (a series' last observation first, when there is one)
 * @param source where it was read: a file, or a cluster
 * @param line the line of the file, or 0
 */
public record KubeEvent(
        String cluster,
        String uid,
        String resourceVersion,
        String namespace,
        String name,
        ObjectRef regarding,
        String reason,
        String type,
        String note,
        String action,
        String component,
        String host,
        long count,
        long timeNanos,
        String source,
        long line) {

    public long eventTimeMillis() {
        return Math.floorDiv(timeNanos, 1_000_000L);
    }

    public boolean isWarning() {
        return type.equalsIgnoreCase("Warning");
    }
}
