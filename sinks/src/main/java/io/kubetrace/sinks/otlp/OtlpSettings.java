package io.kubetrace.sinks.otlp;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Where and how the OTLP sink sends spans (see {@link OtlpOptions} for each setting).
 *
 * @param endpoint the receiver; for HTTP the full URL of the traces endpoint
 */
public record OtlpSettings(
        URI endpoint,
        OtlpProtocol protocol,
        Map<String, String> headers,
        boolean gzip,
        String trustedCertificates,
        Duration timeout,
        int batchSpans,
        Duration batchDelay,
        int maxInFlightRequests,
        int bufferSpans,
        Duration initialBackoff,
        Duration maxBackoff,
        boolean dropOnPermanentError)
        implements Serializable {

    /**
     * @throws IllegalArgumentException naming the setting that is missing or wrong
     */
    public static OtlpSettings from(ReadableConfig config) {
        String endpoint =
                config.getOptional(OtlpOptions.ENDPOINT)
                        .orElseThrow(
                                () -> new IllegalArgumentException("otlp.endpoint is not set"));
        OtlpProtocol protocol = config.get(OtlpOptions.PROTOCOL);
        int batch = config.get(OtlpOptions.BATCH_SPANS);
        int buffer = config.get(OtlpOptions.BUFFER_SPANS);
        if (batch < 1 || buffer <= batch) {
            throw new IllegalArgumentException(
                    "otlp.buffer.max-spans ("
                            + buffer
                            + ") must be larger than otlp.batch.max-spans ("
                            + batch
                            + "), which must be at least 1");
        }
        return new OtlpSettings(
                endpoint(endpoint, protocol),
                protocol,
                Map.copyOf(config.get(OtlpOptions.HEADERS)),
                config.get(OtlpOptions.COMPRESSION),
                config.get(OtlpOptions.TRUSTED_CERTIFICATES),
                config.get(OtlpOptions.TIMEOUT),
                batch,
                config.get(OtlpOptions.BATCH_DELAY),
                config.get(OtlpOptions.MAX_IN_FLIGHT),
                buffer,
                config.get(OtlpOptions.INITIAL_BACKOFF),
                config.get(OtlpOptions.MAX_BACKOFF),
                config.get(OtlpOptions.DROP_ON_PERMANENT_ERROR));
    }

    /**
     * The endpoint as the protocol needs it: an HTTP endpoint without a path gets {@code
     * /v1/traces}, as OpenTelemetry's own exporters do.
     */
    static URI endpoint(String text, OtlpProtocol protocol) {
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("otlp.endpoint '" + text + "' is not a URL", e);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
                || uri.getHost() == null) {
            throw new IllegalArgumentException(
                    "otlp.endpoint '" + text + "' must be http://host:port or https://host:port");
        }
        if (protocol == OtlpProtocol.HTTP
                && (uri.getPath() == null
                        || uri.getPath().isEmpty()
                        || uri.getPath().equals("/"))) {
            return uri.resolve("/v1/traces");
        }
        return uri;
    }

    boolean tls() {
        return "https".equals(endpoint.getScheme());
    }
}
