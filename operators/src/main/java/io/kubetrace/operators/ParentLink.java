package io.kubetrace.operators;

import io.kubetrace.model.ObjectRef;

/**
 * What the {@link Linker} knows of an object's place in its tree: its parent, learned from the last
 * body seen.
 *
 * @param parent the controlling parent, {@code null} when the object has none (it is a root)
 * @param deletedAtMillis when the object was deleted (event time), {@link #ALIVE} until then
 */
public record ParentLink(ObjectRef parent, long deletedAtMillis) {

    public static final long ALIVE = Long.MIN_VALUE;

    public ParentLink deletedAt(long millis) {
        return new ParentLink(parent, millis);
    }
}
