package io.kubetrace.sinks.otlp;

import java.time.Duration;

/** What became of one export request. */
sealed interface ExportOutcome {

    /**
     * The receiver took the request; it may still have rejected some spans (OTLP partial success),
     * which are not worth sending again.
     */
    record Accepted(long rejectedSpans, String message) implements ExportOutcome {}

    /**
     * The receiver or the network could not take it now (unavailable, overloaded, timed out); the
     * same request may succeed later.
     *
     * @param retryAfter how long the receiver asked us to wait, {@code null} when it did not say
     */
    record Retryable(String reason, Duration retryAfter) implements ExportOutcome {}

    /**
     * The receiver refused the request for good (malformed, unauthorized): retrying cannot help.
     */
    record Refused(String reason) implements ExportOutcome {}
}
