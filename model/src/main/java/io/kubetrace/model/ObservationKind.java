package io.kubetrace.model;

/** What an {@link Observation} is. */
public enum ObservationKind {
    /** An audited change (with its diff when one was joined): becomes a change span. */
    CHANGE,
    /** A Kubernetes Event: becomes an Event span. */
    EVENT,
    /** An object version: teaches the linker the object's parent; no span of its own. */
    VERSION
}
