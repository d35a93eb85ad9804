package io.kubetrace.jobs.replay;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;

/**
 * Sends a batch until the webhook has stored it, trying again as the {@link RetryPolicy} says; a
 * refusal, or a batch still not stored at the time limit, stops the replay with a {@link
 * WebhookException}.
 */
final class WebhookSender {

    private final WebhookClient client;
    private final RetryPolicy policy;
    private final ReplayStatistics statistics;
    private final Consumer<String> notices;

    /**
     * @param notices told of each failed try that is tried again
     */
    WebhookSender(
            WebhookClient client,
            RetryPolicy policy,
            ReplayStatistics statistics,
            Consumer<String> notices) {
        this.client = client;
        this.policy = policy;
        this.statistics = statistics;
        this.notices = notices;
    }

    void send(Batch batch) throws WebhookException, InterruptedException {
        byte[] body = batch.body();
        long start = System.nanoTime();
        int failures = 0;
        while (true) {
            WebhookAnswer answer = null;
            String failure;
            try {
                answer = client.post(body);
                statistics.answered(answer.roundTripNanos());
                failure = answer.describe();
            } catch (IOException e) {
                SSLException tls = tlsFailure(e);
                if (tls != null) {
                    throw WebhookException.untrusted(client.url(), tls);
                }
                failure = noAnswer(e);
            }
            if (answer != null && answer.stored()) {
                statistics.stored(batch.size());
                return;
            }
            if (answer != null && !answer.retryable()) {
                throw WebhookException.refused(client.url(), answer, batch.size());
            }
            failures++;
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            Optional<Duration> wait =
                    policy.nextWait(failures, elapsed, answer == null ? null : answer.retryAfter());
            if (wait.isEmpty()) {
                throw WebhookException.gaveUp(
                        client.url(), failures, elapsed, policy.giveUpAfter(), failure);
            }
            statistics.retried();
            notices.accept(
                    client.url()
                            + ": "
                            + failure
                            + "; the batch of "
                            + batch.size()
                            + " events goes again in "
                            + ReplayStatistics.seconds(wait.get().toNanos())
                            + " s");
            Thread.sleep(wait.get().toMillis());
        }
    }

    /**
     * The TLS failure when the webhook's certificate could not be verified: no outage, so trying
     * again cannot help. Other TLS failures (a handshake cut short) are tried again.
     */
    private static SSLException tlsFailure(Throwable e) {
        SSLException tls = null;
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (tls == null && cause instanceof SSLException ssl) {
                tls = ssl;
            }
            if (tls != null && cause instanceof CertificateException) {
                return tls;
            }
        }
        return null;
    }

    private static String noAnswer(IOException e) {
        if (e instanceof ConnectException) {
            return "no connection (is the gateway running?)";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer in time";
        }
        return "no answer: " + (e.getMessage() == null ? e.toString() : e.getMessage());
    }
}
