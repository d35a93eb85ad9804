package io.kubetrace.jobs.replay;

import io.kubetrace.sinks.http.RetryBackoff;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Posts request bodies to an audit webhook as kube-apiserver's webhook backend does: JSON, one
 * request at a time, with a bearer token when one is given, over TLS trusting the CA given or the
 * JDK's.
 */
public final class WebhookClient {

    /** As long as a gateway waits for Kafka and a little more; no answer by then is a failure. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final URI url;
    private final Optional<String> token;
    private final HttpClient http;

    /**
     * @param url the webhook, such as {@code http://127.0.0.1:8080/audit/demo}
     * @param token the bearer token, when the webhook wants one
     * @param tls trusts the webhook's certificate, for https; the JDK's CAs when empty
     */
    public WebhookClient(URI url, Optional<String> token, Optional<SSLContext> tls) {
        this.url = url;
        this.token = token;
        HttpClient.Builder builder =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(CONNECT_TIMEOUT);
        tls.ifPresent(builder::sslContext);
        this.http = builder.build();
    }

    public URI url() {
        return url;
    }

    /**
     * Sends one body and reads the answer.
     *
     * @throws IOException when no answer came: the connection was refused or broke, or it timed out
     */
    public WebhookAnswer post(byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(url)
                        .timeout(REQUEST_TIMEOUT)
                        .header("Content-Type", "application/json")
                        .header("Accept", "application/json, */*")
                        .header("User-Agent", "kubetrace-send")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        token.ifPresent(value -> request.header("Authorization", "Bearer " + value));
        long start = System.nanoTime();
        HttpResponse<byte[]> response =
                http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        long roundTrip = System.nanoTime() - start;
        return new WebhookAnswer(
                response.statusCode(),
                new String(response.body(), StandardCharsets.UTF_8),
                response.headers()
                        .firstValue("Retry-After")
                        .map(RetryBackoff::retryAfter)
                        .orElse(null),
                roundTrip);
    }
}
