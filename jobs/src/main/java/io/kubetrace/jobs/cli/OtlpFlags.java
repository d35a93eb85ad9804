package io.kubetrace.jobs.cli;

import io.kubetrace.sinks.otlp.OtlpOptions;
import io.kubetrace.sinks.otlp.OtlpProtocol;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Option;

/** The options that send traces to Jaeger or a Collector over OTLP, shared by the commands. */
final class OtlpFlags {

    @Option(
            names = "--otlp-endpoint",
            paramLabel = "URL",
            description =
                    "Also send the traces over OTLP: http://jaeger:4317 (gRPC), http://jaeger:4318"
                            + " (HTTP), https:// for TLS.")
    String endpoint;

    @Option(
            names = "--otlp-protocol",
            paramLabel = "grpc|http",
            description = "OTLP protocol (default: grpc).")
    OtlpProtocol protocol;

    @Option(
            names = "--otlp-header",
            paramLabel = "KEY=VALUE",
            description = "A header sent with every OTLP request, such as an auth token.")
    Map<String, String> headers;

    /** Puts what was given into the job's settings; what was not keeps its setting or default. */
    void applyTo(Configuration config) {
        if (endpoint != null) {
            config.set(OtlpOptions.ENDPOINT, endpoint);
        }
        if (protocol != null) {
            config.set(OtlpOptions.PROTOCOL, protocol);
        }
        if (headers != null) {
            config.set(OtlpOptions.HEADERS, headers);
        }
    }
}
