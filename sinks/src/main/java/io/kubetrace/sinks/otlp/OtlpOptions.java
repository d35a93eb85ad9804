package io.kubetrace.sinks.otlp;

import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Settings of the OTLP sink, with their defaults. */
public final class OtlpOptions {

    public static final ConfigOption<String> ENDPOINT =
            ConfigOptions.key("otlp.endpoint")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Where spans go: http://host:4317 for gRPC, http://host:4318 (or a full"
                                    + " URL ending /v1/traces) for HTTP; https:// for TLS.");

    public static final ConfigOption<OtlpProtocol> PROTOCOL =
            ConfigOptions.key("otlp.protocol")
                    .enumType(OtlpProtocol.class)
                    .defaultValue(OtlpProtocol.GRPC)
                    .withDescription("GRPC or HTTP (protobuf).");

    public static final ConfigOption<Map<String, String>> HEADERS =
            ConfigOptions.key("otlp.headers")
                    .mapType()
                    .defaultValue(Map.of())
                    .withDescription("Headers sent with every request, such as an auth token.");

    public static final ConfigOption<Boolean> COMPRESSION =
            ConfigOptions.key("otlp.gzip")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription("Whether requests are gzip-compressed.");

    public static final ConfigOption<String> TRUSTED_CERTIFICATES =
            ConfigOptions.key("otlp.tls.trusted-certificates")
                    .stringType()
                    .defaultValue("")
                    .withDescription(
                            "PEM file of the certificates that sign the receiver's, for https://"
                                    + " endpoints with a private CA; empty for the JVM's trust"
                                    + " store.");

    public static final ConfigOption<Duration> TIMEOUT =
            ConfigOptions.key("otlp.timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription("How long one request may take before it is retried.");

    public static final ConfigOption<Integer> BATCH_SPANS =
            ConfigOptions.key("otlp.batch.max-spans")
                    .intType()
                    .defaultValue(512)
                    .withDescription("Most spans in one request.");

    public static final ConfigOption<Duration> BATCH_DELAY =
            ConfigOptions.key("otlp.batch.max-delay")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(1))
                    .withDescription("Longest a span waits for its batch to fill.");

    public static final ConfigOption<Integer> MAX_IN_FLIGHT =
            ConfigOptions.key("otlp.max-in-flight-requests")
                    .intType()
                    .defaultValue(4)
                    .withDescription("Requests under way at once, per subtask.");

    public static final ConfigOption<Integer> BUFFER_SPANS =
            ConfigOptions.key("otlp.buffer.max-spans")
                    .intType()
                    .defaultValue(4096)
                    .withDescription(
                            "Spans waiting to be sent, per subtask; beyond it the job slows down"
                                    + " (back-pressure) instead of growing.");

    public static final ConfigOption<Duration> INITIAL_BACKOFF =
            ConfigOptions.key("otlp.retry.initial-backoff")
                    .durationType()
                    .defaultValue(Duration.ofMillis(500))
                    .withDescription("Wait before the first retry; it doubles up to the maximum.");

    public static final ConfigOption<Duration> MAX_BACKOFF =
            ConfigOptions.key("otlp.retry.max-backoff")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription(
                            "Longest wait between retries (Retry-After may ask for more).");

    public static final ConfigOption<Boolean> DROP_ON_PERMANENT_ERROR =
            ConfigOptions.key("otlp.drop-on-permanent-error")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "When the receiver refuses a batch for good (a 400, INVALID_ARGUMENT),"
                                    + " count and log the spans and go on, instead of failing the"
                                    + " job.");

    private OtlpOptions() {}
}
