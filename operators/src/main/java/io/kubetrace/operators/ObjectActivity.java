package io.kubetrace.operators;

import io.kubetrace.model.ObjectRef;

/**
 * The {@link TraceAssembler}'s state for one object of a trace: what is known of the object, its
 * parent in the tree, the span of activity in its subtree so far, and which trace it is drawn in.
 *
 * @param object the object, with the most complete reference seen
 * @param parentKey the parent object's key in its trace, {@code ""} for a trace's root
 * @param startNanos the earliest activity in the object's subtree
 * @param endNanos the latest activity in the object's subtree
 * @param nodeName the node a Pod runs on, {@code ""} when unknown or not a Pod
 * @param emitted whether the object's span has been emitted
 * @param traceRootKey the root of the trace the object is drawn in when the root's trace was full
 *     ({@code trace.max-spans}), {@code ""} for the root's own trace
 * @param linkedParentKey for the root of such a trace, its parent in the full trace, which its span
 *     links to; {@code ""} otherwise
 */
public record ObjectActivity(
        ObjectRef object,
        String parentKey,
        long startNanos,
        long endNanos,
        String nodeName,
        boolean emitted,
        String traceRootKey,
        String linkedParentKey) {

    static ObjectActivity first(
            ObjectRef object, String parentKey, long start, long end, TracePlacement placement) {
        boolean placementRoot =
                placement.isOverflow() && object.key().equals(placement.traceRootKey());
        return new ObjectActivity(
                object,
                placementRoot ? "" : parentKey,
                start,
                end,
                "",
                false,
                placement.isOverflow() ? placement.traceRootKey() : "",
                placementRoot ? placement.linkedParentKey() : "");
    }

    /** This activity widened to cover {@code [start, end]}. */
    ObjectActivity covering(long start, long end) {
        return new ObjectActivity(
                object,
                parentKey,
                Math.min(startNanos, start),
                Math.max(endNanos, end),
                nodeName,
                emitted,
                traceRootKey,
                linkedParentKey);
    }

    /** This activity with what a change to the object itself tells about it. */
    ObjectActivity describedBy(ObjectRef reference, String node) {
        return new ObjectActivity(
                object.mergedWith(reference),
                parentKey,
                startNanos,
                endNanos,
                node.isEmpty() ? nodeName : node,
                emitted,
                traceRootKey,
                linkedParentKey);
    }

    ObjectActivity markEmitted() {
        return new ObjectActivity(
                object,
                parentKey,
                startNanos,
                endNanos,
                nodeName,
                true,
                traceRootKey,
                linkedParentKey);
    }

    /** Whether the object is drawn in a trace of its own because its root's trace was full. */
    boolean inOverflowTrace() {
        return !traceRootKey.isEmpty();
    }
}
