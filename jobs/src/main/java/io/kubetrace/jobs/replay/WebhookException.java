package io.kubetrace.jobs.replay;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import javax.net.ssl.SSLException;

/** The webhook did not store a batch: it refused it, or did not take it in time. */
public final class WebhookException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * How the gateway's 413 for a body over its {@code max-body} begins; its other 413s are for
     * events too large for Kafka, which a smaller batch cannot mend.
     */
    private static final String OVER_MAX_BODY = "the body is over the limit of";

    private final boolean partlyStored;

    private WebhookException(String message, boolean partlyStored) {
        super(message);
        this.partlyStored = partlyStored;
    }

    private WebhookException(String message) {
        this(message, false);
    }

    /**
     * Whether the webhook may have stored some events of the batch it refused, as its reason says:
     * the gateway stores the other events of a batch when one is too large for Kafka.
     */
    public boolean partlyStored() {
        return partlyStored;
    }

    /** A refusal that sending again cannot change; the message says what to change instead. */
    static WebhookException refused(URI url, WebhookAnswer answer, int events) {
        String advice =
                switch (answer.status()) {
                    case 401 ->
                            "the bearer token is wrong or missing: give the gateway's token with"
                                    + " --token-file";
                    case 403 -> "the gateway does not take events of this cluster";
                    case 404, 405 -> "is the URL the gateway's /audit or /audit/{cluster}?";
                    case 413 ->
                            overMaxBody(answer)
                                    ? "a batch of "
                                            + events
                                            + " events is more than the webhook takes: lower"
                                            + " --batch-size"
                                    : "an event is too large for the gateway or its Kafka"
                                            + " topic, whatever the batch size: see the"
                                            + " gateway's kafka.max-record-size and the topic's"
                                            + " max.message.bytes; the reason names the events"
                                            + " left out and how many of the batch were stored";
                    default -> "";
                };
        return new WebhookException(
                url
                        + " refused the batch: "
                        + answer.describe()
                        + (advice.isEmpty() ? "" : "; " + advice),
                answer.status() == 413 && !overMaxBody(answer));
    }

    private static boolean overMaxBody(WebhookAnswer answer) {
        return answer.body().strip().startsWith(OVER_MAX_BODY);
    }

    /** Every try failed until the time limit. */
    static WebhookException gaveUp(
            URI url, int tries, Duration elapsed, Duration limit, String lastFailure) {
        return new WebhookException(
                "gave up on "
                        + url
                        + " after "
                        + tries
                        + " tries in "
                        + ReplayStatistics.seconds(elapsed.toNanos())
                        + " s (--retry-timeout "
                        + limit
                        + "); the last: "
                        + lastFailure);
    }

    /** The webhook's certificate could not be verified, or TLS failed otherwise. */
    static WebhookException untrusted(URI url, SSLException cause) {
        return new WebhookException(
                "TLS with "
                        + url
                        + " failed: "
                        + cause.getMessage()
                        + "; give the CA that signed the gateway's certificate with --ca-cert");
    }
}
