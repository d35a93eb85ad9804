package io.kubetrace.bench.live;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

/**
 * Posts EventList batches to a gateway as one kube-apiserver does: one batch at a time, the same
 * batch again after a 503 or 429 (waiting as Retry-After says), anything else an error.
 */
final class WebhookPoster {

    private final HttpClient http =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
    private final URI webhook;
    private long refusals;

    WebhookPoster(URI webhook) {
        this.webhook = webhook;
    }

    /**
     * Posts one batch until the gateway stores it.
     *
     * @return the milliseconds from the first try until the 200
     */
    double post(byte[] eventList) throws IOException, InterruptedException {
        long started = System.nanoTime();
        while (true) {
            HttpResponse<String> answer =
                    http.send(
                            HttpRequest.newBuilder(webhook)
                                    .header("Content-Type", "application/json")
                                    .timeout(Duration.ofSeconds(30))
                                    .POST(BodyPublishers.ofByteArray(eventList))
                                    .build(),
                            BodyHandlers.ofString());
            if (answer.statusCode() == 200) {
                return (System.nanoTime() - started) / 1e6;
            }
            if (answer.statusCode() != 503 && answer.statusCode() != 429) {
                throw new IOException(
                        "the gateway at "
                                + webhook
                                + " answered "
                                + answer.statusCode()
                                + ": "
                                + answer.body());
            }
            refusals++;
            long waitSeconds = answer.headers().firstValueAsLong("Retry-After").orElse(1L);
            Thread.sleep(Duration.ofSeconds(Math.max(1, waitSeconds)).toMillis());
        }
    }

    /** The 503s and 429s this poster was answered, each followed by a retry. */
    long refusals() {
        return refusals;
    }
}
