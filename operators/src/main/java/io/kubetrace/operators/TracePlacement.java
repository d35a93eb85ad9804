package io.kubetrace.operators;

/**
 * Which trace a change or Event is drawn in: its root's own trace, or, once that trace holds {@code
 * trace.max-spans}, the trace of the first object on its path that was new then, which links back
 * to its parent in the full trace.
 *
 * @param traceRootKey the root of an overflow trace, {@code ""} for the root's own trace
 * @param firstIndex where on the path the trace starts (0 for the root's own trace)
 * @param linkedParentKey the overflow root's parent in the full trace, {@code ""} otherwise
 */
record TracePlacement(String traceRootKey, int firstIndex, String linkedParentKey) {

    static final TracePlacement OWN_TRACE = new TracePlacement("", 0, "");

    boolean isOverflow() {
        return !traceRootKey.isEmpty();
    }
}
