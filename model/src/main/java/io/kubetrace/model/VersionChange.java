package io.kubetrace.model;

/** How an object version was seen. */
public enum VersionChange {
    /** The object was created (a watch ADDED, or its first version in a capture of a creation). */
    ADDED,
    /** The object changed. */
    MODIFIED,
    /** The object was deleted; the version is its last state. */
    DELETED,
    /** The object was listed (a list or relist, or a capture of its state): no change in itself. */
    LISTED
}
