package io.kubetrace.model;

/** Whether a change came with the diff of exactly its resourceVersion. */
public enum DiffStatus {
    /** The job watches no object versions, so there is no diff to look for. */
    NOT_WATCHED,
    /**
     * The change cannot have one: it failed, changed nothing, or its audit level omits versions.
     */
    NOT_EXPECTED,
    /** The diff was found and joined. */
    JOINED,
    /** The diff did not come within {@code diff.join-timeout}. */
    MISSING
}
