package io.kubetrace.sinks.otlp.receiver;

/** How a receiver can refuse a request, to try the sink against a receiver in trouble. */
public enum Refusal {
    /** Down or overloaded for now: gRPC UNAVAILABLE, HTTP 503 with {@code Retry-After: 1}. */
    UNAVAILABLE,
    /** A request it will never take: gRPC INVALID_ARGUMENT, HTTP 400. */
    INVALID
}
