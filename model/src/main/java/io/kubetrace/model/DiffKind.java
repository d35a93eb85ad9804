package io.kubetrace.model;

/** What an {@link ObjectDiff} describes. */
public enum DiffKind {
    /** The object appeared: the diff is a snapshot of its first state. */
    CREATE,
    /** The object changed from one resourceVersion to the next: the diff lists the fields. */
    UPDATE,
    /** The object was deleted: the diff is a snapshot of its last state. */
    DELETE
}
