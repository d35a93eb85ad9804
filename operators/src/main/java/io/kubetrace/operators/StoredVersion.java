package io.kubetrace.operators;

/**
 * The {@link ObjectDiffer}'s state for one object: its last version, to diff the next against.
 *
 * @param uid the object's uid, to tell a re-created object from a changed one
 * @param resourceVersion the version's resourceVersion
 * @param body the version's body as JSON, with Secret values replaced by their hashes
 */
public record StoredVersion(String uid, String resourceVersion, String body) {}
