package io.kubetrace.sinks.otlp;

import java.util.concurrent.CompletableFuture;

/** Sends encoded {@code ExportTraceServiceRequest}s to a receiver. */
interface OtlpTransport extends AutoCloseable {

    /** Sends one request; the future never fails, it completes with the outcome. */
    CompletableFuture<ExportOutcome> export(byte[] request);

    @Override
    void close();

    static OtlpTransport of(OtlpSettings settings) {
        return settings.protocol() == OtlpProtocol.GRPC
                ? new GrpcOtlpTransport(settings)
                : new HttpOtlpTransport(settings);
    }
}
