package io.kubetrace.sinks.otlp;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.kubetrace.sinks.otlp.ExportOutcome.Accepted;
import io.kubetrace.sinks.otlp.ExportOutcome.Refused;
import io.kubetrace.sinks.otlp.ExportOutcome.Retryable;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * OTLP/gRPC on grpc-java. The request is sent as the bytes the SDK's marshaler wrote, so it is
 * never decoded again. UNAVAILABLE, RESOURCE_EXHAUSTED, DEADLINE_EXCEEDED, ABORTED and CANCELLED
 * are retryable (the OTLP specification's list); other errors are refusals.
 */
final class GrpcOtlpTransport implements OtlpTransport {

    private static final Set<Status.Code> RETRYABLE =
            Set.of(
                    Status.Code.UNAVAILABLE,
                    Status.Code.RESOURCE_EXHAUSTED,
                    Status.Code.DEADLINE_EXCEEDED,
                    Status.Code.ABORTED,
                    Status.Code.CANCELLED);

    private static final MethodDescriptor<byte[], ExportTraceServiceResponse> EXPORT =
            MethodDescriptor.<byte[], ExportTraceServiceResponse>newBuilder()
                    .setType(MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName(TraceServiceGrpc.getExportMethod().getFullMethodName())
                    .setRequestMarshaller(new EncodedRequest())
                    .setResponseMarshaller(
                            ProtoUtils.marshaller(ExportTraceServiceResponse.getDefaultInstance()))
                    .build();

    private final OtlpSettings settings;
    private final ManagedChannel channel;

    GrpcOtlpTransport(OtlpSettings settings) {
        this.settings = settings;
        NettyChannelBuilder builder =
                NettyChannelBuilder.forAddress(settings.endpoint().getHost(), port(settings));
        if (settings.tls()) {
            if (!settings.trustedCertificates().isEmpty()) {
                try {
                    builder.sslContext(
                            GrpcSslContexts.forClient()
                                    .trustManager(new File(settings.trustedCertificates()))
                                    .build());
                } catch (SSLException e) {
                    throw new IllegalArgumentException(
                            "otlp.tls.trusted-certificates: " + e.getMessage(), e);
                }
            }
        } else {
            builder.usePlaintext();
        }
        if (!settings.headers().isEmpty()) {
            Metadata headers = new Metadata();
            settings.headers()
                    .forEach(
                            (key, value) ->
                                    headers.put(
                                            Metadata.Key.of(
                                                    key.toLowerCase(Locale.ROOT),
                                                    Metadata.ASCII_STRING_MARSHALLER),
                                            value));
            builder.intercept(MetadataUtils.newAttachHeadersInterceptor(headers));
        }
        this.channel = builder.build();
    }

    private static int port(OtlpSettings settings) {
        int port = settings.endpoint().getPort();
        return port > 0 ? port : settings.tls() ? 443 : 4317;
    }

    @Override
    public CompletableFuture<ExportOutcome> export(byte[] request) {
        CallOptions options =
                CallOptions.DEFAULT.withDeadlineAfter(
                        settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        if (settings.gzip()) {
            options = options.withCompression("gzip");
        }
        ClientCall<byte[], ExportTraceServiceResponse> call = channel.newCall(EXPORT, options);
        CompletableFuture<ExportOutcome> outcome = new CompletableFuture<>();
        ClientCalls.asyncUnaryCall(
                call,
                request,
                new StreamObserver<>() {
                    @Override
                    public void onNext(ExportTraceServiceResponse response) {
                        outcome.complete(
                                new Accepted(
                                        response.getPartialSuccess().getRejectedSpans(),
                                        response.getPartialSuccess().getErrorMessage()));
                    }

                    @Override
                    public void onError(Throwable error) {
                        Status status = Status.fromThrowable(error);
                        String reason =
                                "gRPC "
                                        + status.getCode()
                                        + (status.getDescription() == null
                                                ? ""
                                                : ": " + status.getDescription());
                        outcome.complete(
                                RETRYABLE.contains(status.getCode())
                                        ? new Retryable(reason, null)
                                        : new Refused(reason));
                    }

                    @Override
                    public void onCompleted() {
                        outcome.complete(new Accepted(0, ""));
                    }
                });
        return outcome;
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Passes the already encoded request through as it is. */
    private static final class EncodedRequest implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
