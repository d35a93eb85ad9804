package io.kubetrace.gateway;

/**
 * Why a request was not stored: its HTTP status, and the {@code reason} label it is counted under.
 * kube-apiserver retries a batch on 5xx and drops it on 4xx, so only failures that a retry can mend
 * are 503. An event too large for Kafka is 413: sending it again cannot store it.
 */
enum Rejection {
    UNAUTHENTICATED(401, "unauthenticated"),
    WRONG_CLUSTER(403, "wrong-cluster"),
    INVALID_CLUSTER(400, "invalid-cluster"),
    TOO_LARGE(413, "too-large"),
    EVENT_TOO_LARGE(413, "event-too-large"),
    MALFORMED(400, "malformed"),
    OVERLOADED(503, "overloaded"),
    KAFKA_UNAVAILABLE(503, "kafka-unavailable"),
    SHUTTING_DOWN(503, "shutting-down"),
    INTERNAL(500, "internal-error");

    final int status;
    final String reason;

    Rejection(int status, String reason) {
        this.status = status;
        this.reason = reason;
    }
}
