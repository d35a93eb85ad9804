package io.kubetrace.jobs.simulate;

/** What a request does to its object's resourceVersion, applied when the event is written. */
enum Effect {
    /** The object is created and gets its first resourceVersion. */
    CREATE,
    /** A full update: the request carries the current resourceVersion, the response a new one. */
    UPDATE,
    /** A patch, status change or binding: the object gets a new resourceVersion. */
    MODIFY,
    /** The object is gone; its last resourceVersion is forgotten. */
    REMOVE
}
