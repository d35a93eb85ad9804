package io.kubetrace.sinks.otlp;

/** How spans travel to the receiver. */
public enum OtlpProtocol {
    /** OTLP/gRPC, by default to port 4317. */
    GRPC,
    /** OTLP/HTTP with protobuf bodies, to {@code /v1/traces}, by default on port 4318. */
    HTTP
}
