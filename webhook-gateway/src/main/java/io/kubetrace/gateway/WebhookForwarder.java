package io.kubetrace.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts each stored batch's body, as received, to other audit webhooks (another gateway, Falco,
 * ...). Best effort: asynchronous, never delaying or failing the answer to kube-apiserver, and
 * counted by URL and result ({@code success}, {@code failure}, or {@code dropped} when too many are
 * under way to that URL).
 */
final class WebhookForwarder implements Consumer<AcceptedBatch>, AutoCloseable {

    /**
     * Replaced in a URL by the batch's cluster, as in {@code http://other:8080/audit/{cluster}}.
     */
    static final String CLUSTER_PLACEHOLDER = "{cluster}";

    private static final Logger LOG = LoggerFactory.getLogger(WebhookForwarder.class);

    private final HttpClient client;
    private final Duration timeout;
    private final GatewayMetrics metrics;
    private final int maxInFlight;
    private final Map<String, Semaphore> slots;

    WebhookForwarder(List<String> urls, Duration timeout, int maxInFlight, GatewayMetrics metrics) {
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.timeout = timeout;
        this.metrics = metrics;
        this.maxInFlight = maxInFlight;
        this.slots =
                urls.stream()
                        .distinct()
                        .collect(Collectors.toMap(url -> url, url -> new Semaphore(maxInFlight)));
    }

    @Override
    public void accept(AcceptedBatch batch) {
        slots.forEach((url, slot) -> forward(url, slot, batch));
    }

    private void forward(String url, Semaphore slot, AcceptedBatch batch) {
        if (!slot.tryAcquire()) {
            metrics.forwarded(url, "dropped");
            return;
        }
        HttpRequest request =
                HttpRequest.newBuilder(
                                URI.create(url.replace(CLUSTER_PLACEHOLDER, batch.cluster())))
                        .timeout(timeout)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(batch.body()))
                        .build();
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .whenComplete(
                        (response, failure) -> {
                            slot.release();
                            boolean ok =
                                    failure == null
                                            && response.statusCode() >= 200
                                            && response.statusCode() < 300;
                            metrics.forwarded(url, ok ? "success" : "failure");
                            if (!ok) {
                                LOG.debug(
                                        "forwarding to {} failed: {}",
                                        url,
                                        failure == null ? response.statusCode() : failure);
                            }
                        });
    }

    /** Waits, up to the forward timeout, for the forwards under way. */
    @Override
    public void close() {
        long deadline = System.nanoTime() + timeout.toNanos();
        slots.forEach(
                (url, slot) -> {
                    try {
                        long left = Math.max(0, deadline - System.nanoTime());
                        if (slot.tryAcquire(maxInFlight, left, TimeUnit.NANOSECONDS)) {
                            slot.release(maxInFlight);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
    }
}
