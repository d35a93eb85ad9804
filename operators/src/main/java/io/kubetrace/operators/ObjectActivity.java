package io.kubetrace.operators;

import io.kubetrace.model.ObjectRef;

/**
 * The {@link TraceAssembler}'s state for one object of a trace: what is known of the object, its
 * parent in the tree, and the span of activity in its subtree so far.
 *
 * @param object the object, with the most complete reference seen
 * @param parentKey the parent object's key, {@code ""} for the root
 * @param startNanos the earliest activity in the object's subtree
 * @param endNanos the latest activity in the object's subtree
 * @param nodeName the node a Pod runs on, {@code ""} when unknown or not a Pod
 * @param emitted whether the object's span has been emitted
 */
public record ObjectActivity(
        ObjectRef object,
        String parentKey,
        long startNanos,
        long endNanos,
        String nodeName,
        boolean emitted) {

    static ObjectActivity first(ObjectRef object, String parentKey, long start, long end) {
        return new ObjectActivity(object, parentKey, start, end, "", false);
    }

    /** This activity widened to cover {@code [start, end]}. */
    ObjectActivity covering(long start, long end) {
        return new ObjectActivity(
                object,
                parentKey,
                Math.min(startNanos, start),
                Math.max(endNanos, end),
                nodeName,
                emitted);
    }

    /** This activity with what a change to the object itself tells about it. */
    ObjectActivity describedBy(ObjectRef reference, String node) {
        return new ObjectActivity(
                object.mergedWith(reference),
                parentKey,
                startNanos,
                endNanos,
                node.isEmpty() ? nodeName : node,
                emitted);
    }

    ObjectActivity markEmitted() {
        return new ObjectActivity(object, parentKey, startNanos, endNanos, nodeName, true);
    }
}
