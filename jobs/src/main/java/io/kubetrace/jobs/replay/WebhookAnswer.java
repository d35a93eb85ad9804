package io.kubetrace.jobs.replay;

import io.kubetrace.sinks.http.RetryBackoff;
import java.time.Duration;

/**
 * What an audit webhook answered to one request.
 *
 * @param status the HTTP status
 * @param body the answer's text, the reason when it refused
 * @param retryAfter the wait its {@code Retry-After} asked for, {@code null} when none
 * @param roundTripNanos from sending the request to reading the whole answer
 */
public record WebhookAnswer(int status, String body, Duration retryAfter, long roundTripNanos) {

    private static final int INTERNAL_ERROR = 500;
    private static final int PAYLOAD_TOO_LARGE = 413;

    /** How much of an answer's text a message repeats. */
    private static final int REASON_LENGTH = 300;

    /** kube-apiserver's webhook takes any 2xx as stored. */
    public boolean stored() {
        return status >= 200 && status < 300;
    }

    /**
     * Whether the same batch may be stored if sent again: what says "not now" (429, 502, 503, 504),
     * and 500, which kube-apiserver's webhook retries too (an InternalError in its {@code
     * DefaultShouldRetry}).
     */
    public boolean retryable() {
        return status == INTERNAL_ERROR || RetryBackoff.isRetryable(status);
    }

    /**
     * The status and the reason the webhook gave, on one line; a 413's whole, since its end says
     * which events of the batch the gateway stored.
     */
    public String describe() {
        String reason = body.strip().replaceAll("\\s+", " ");
        if (status != PAYLOAD_TOO_LARGE && reason.length() > REASON_LENGTH) {
            reason = reason.substring(0, REASON_LENGTH) + "…";
        }
        return reason.isEmpty() ? String.valueOf(status) : status + " " + reason;
    }
}
