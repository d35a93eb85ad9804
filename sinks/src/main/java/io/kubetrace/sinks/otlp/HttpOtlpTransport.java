package io.kubetrace.sinks.otlp;

import io.kubetrace.sinks.http.RetryBackoff;
import io.kubetrace.sinks.http.TrustedCertificates;
import io.kubetrace.sinks.otlp.ExportOutcome.Accepted;
import io.kubetrace.sinks.otlp.ExportOutcome.Refused;
import io.kubetrace.sinks.otlp.ExportOutcome.Retryable;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPOutputStream;

/**
 * OTLP/HTTP with protobuf bodies ({@code POST /v1/traces}), on the JDK's HTTP client. 429, 502, 503
 * and 504 are retryable and their {@code Retry-After} (seconds or an HTTP date) is honoured; other
 * errors are refusals.
 */
final class HttpOtlpTransport implements OtlpTransport {

    private final OtlpSettings settings;
    private final HttpClient client;
    private final ExecutorService executor;

    HttpOtlpTransport(OtlpSettings settings) {
        this.settings = settings;
        // The client's own threads; Java 17's HttpClient cannot be closed, its executor can.
        this.executor =
                Executors.newCachedThreadPool(
                        runnable -> {
                            Thread thread = new Thread(runnable, "kubetrace-otlp-http");
                            thread.setDaemon(true);
                            return thread;
                        });
        HttpClient.Builder builder =
                HttpClient.newBuilder().connectTimeout(settings.timeout()).executor(executor);
        if (settings.tls() && !settings.trustedCertificates().isEmpty()) {
            builder.sslContext(
                    TrustedCertificates.sslContext(
                            Paths.get(settings.trustedCertificates()),
                            OtlpOptions.TRUSTED_CERTIFICATES.key()));
        }
        this.client = builder.build();
    }

    @Override
    public CompletableFuture<ExportOutcome> export(byte[] request) {
        HttpRequest.Builder http =
                HttpRequest.newBuilder(settings.endpoint())
                        .timeout(settings.timeout())
                        .header("Content-Type", "application/x-protobuf");
        settings.headers().forEach(http::header);
        byte[] body = request;
        if (settings.gzip()) {
            body = gzip(request);
            http.header("Content-Encoding", "gzip");
        }
        return client.sendAsync(
                        http.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                        HttpResponse.BodyHandlers.ofByteArray())
                .handle(
                        (response, error) ->
                                error != null
                                        ? new Retryable(describe(error), null)
                                        : outcome(response));
    }

    private static ExportOutcome outcome(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return accepted(response.body());
        }
        String reason = "HTTP " + status + excerpt(response.body());
        if (RetryBackoff.isRetryable(status)) {
            return new Retryable(
                    reason,
                    response.headers()
                            .firstValue("Retry-After")
                            .map(RetryBackoff::retryAfter)
                            .orElse(null));
        }
        return new Refused(reason);
    }

    private static ExportOutcome accepted(byte[] body) {
        if (body.length == 0) {
            return new Accepted(0, "");
        }
        try {
            ExportTraceServiceResponse response = ExportTraceServiceResponse.parseFrom(body);
            return new Accepted(
                    response.getPartialSuccess().getRejectedSpans(),
                    response.getPartialSuccess().getErrorMessage());
        } catch (IOException e) {
            return new Accepted(0, "");
        }
    }

    private static String excerpt(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.isEmpty() || text.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\t')) {
            return "";
        }
        return ": " + (text.length() > 200 ? text.substring(0, 200) + "…" : text);
    }

    private static String describe(Throwable error) {
        Throwable cause = error.getCause() != null ? error.getCause() : error;
        return cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4 + 64);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
