package io.kubetrace.model;

/**
 * What an object source produces for each object it reads: a version of an object, a Kubernetes
 * Event, or the reason the input could not be used. Exactly one is set.
 */
public record ParsedObject(ObjectVersion version, KubeEvent event, Rejection rejection) {

    public static ParsedObject of(ObjectVersion version) {
        return new ParsedObject(version, null, null);
    }

    public static ParsedObject of(KubeEvent event) {
        return new ParsedObject(null, event, null);
    }

    public static ParsedObject rejected(Rejection rejection) {
        return new ParsedObject(null, null, rejection);
    }

    /** Event time in epoch milliseconds; a rejection has none, so it never moves the watermark. */
    public long eventTimeMillis() {
        if (version != null) {
            return version.eventTimeMillis();
        }
        return event != null ? event.eventTimeMillis() : Long.MIN_VALUE;
    }
}
