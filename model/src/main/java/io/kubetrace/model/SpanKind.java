package io.kubetrace.model;

/** What a span stands for in kubetrace's span model. */
public enum SpanKind {
    /** An object of the ownership tree; its children are its child objects and its changes. */
    OBJECT,
    /** One audited request that changed an object. */
    AUDIT,
    /** One Kubernetes Event about an object. */
    EVENT
}
