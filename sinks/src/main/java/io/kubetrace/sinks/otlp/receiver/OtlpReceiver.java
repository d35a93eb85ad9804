package io.kubetrace.sinks.otlp.receiver;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.kubetrace.model.SpanRecord;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * A real OTLP trace receiver, built from the OpenTelemetry protocol classes: OTLP/gRPC and
 * OTLP/HTTP ({@code POST /v1/traces}, protobuf, gzip or not). It keeps every span it receives and
 * can be told to refuse or to answer slowly, so the sink can be tried against a receiver in
 * trouble. {@code kubetrace otlp-receiver} runs one by hand; tests run one in process.
 */
public final class OtlpReceiver implements AutoCloseable {

    private final List<SpanRecord> spans = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger concurrent = new AtomicInteger();
    private final AtomicInteger maxConcurrent = new AtomicInteger();
    private final AtomicInteger refusalsLeft = new AtomicInteger();
    private final AtomicReference<Refusal> refusal = new AtomicReference<>(Refusal.UNAVAILABLE);
    private volatile Duration delay = Duration.ZERO;
    private final Consumer<List<SpanRecord>> listener;
    private final Server grpc;
    private final HttpServer http;
    private final ExecutorService httpThreads = Executors.newFixedThreadPool(8);

    /**
     * Starts both servers.
     *
     * @param host the address to listen on, such as {@code 127.0.0.1}
     * @param grpcPort the gRPC port, 0 for any free one
     * @param httpPort the HTTP port, 0 for any free one
     * @param listener told of the spans of every request taken
     */
    public OtlpReceiver(
            String host, int grpcPort, int httpPort, Consumer<List<SpanRecord>> listener)
            throws IOException {
        this.listener = listener;
        this.grpc =
                NettyServerBuilder.forAddress(new InetSocketAddress(host, grpcPort))
                        .addService(new TraceService())
                        .build()
                        .start();
        this.http = HttpServer.create(new InetSocketAddress(host, httpPort), 64);
        http.createContext("/v1/traces", this::handleHttp);
        http.setExecutor(httpThreads);
        http.start();
    }

    /** A receiver on 127.0.0.1 with free ports, keeping what it receives. */
    public static OtlpReceiver onFreePorts() throws IOException {
        return new OtlpReceiver("127.0.0.1", 0, 0, spans -> {});
    }

    public int grpcPort() {
        return grpc.getPort();
    }

    public int httpPort() {
        return http.getAddress().getPort();
    }

    /** Every span taken so far, in the order taken (retries of a batch appear again). */
    public List<SpanRecord> spans() {
        return List.copyOf(spans);
    }

    /** Requests that reached the receiver, taken or refused. */
    public int requests() {
        return requests.get();
    }

    /** The most requests it was handling at one time. */
    public int maxConcurrentRequests() {
        return maxConcurrent.get();
    }

    /** Refuse the next {@code count} requests; {@link Integer#MAX_VALUE} for all of them. */
    public void refuse(int count, Refusal how) {
        refusal.set(how);
        refusalsLeft.set(count);
    }

    /** Take this long to answer each request. */
    public void answerAfter(Duration wait) {
        delay = wait;
    }

    /** {@code null} to take the request, else how to refuse it. */
    private Refusal admit() {
        requests.incrementAndGet();
        maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
        try {
            if (!delay.isZero()) {
                Thread.sleep(delay.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int left = refusalsLeft.getAndUpdate(n -> n == Integer.MAX_VALUE || n == 0 ? n : n - 1);
        return left > 0 ? refusal.get() : null;
    }

    private void take(ExportTraceServiceRequest request) {
        List<SpanRecord> received = ReceivedSpans.of(request);
        spans.addAll(received);
        listener.accept(received);
    }

    private void handleHttp(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                reply(exchange, 405, text("only POST"), "text/plain");
                return;
            }
            byte[] body;
            try (InputStream in =
                    "gzip"
                                    .equalsIgnoreCase(
                                            exchange.getRequestHeaders()
                                                    .getFirst("Content-Encoding"))
                            ? new GZIPInputStream(exchange.getRequestBody())
                            : exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Refusal refused = admit();
            try {
                if (refused == Refusal.UNAVAILABLE) {
                    exchange.getResponseHeaders().set("Retry-After", "1");
                    reply(exchange, 503, text("refusing for a while"), "text/plain");
                } else if (refused == Refusal.INVALID) {
                    reply(exchange, 400, text("refusing for good"), "text/plain");
                } else {
                    take(ExportTraceServiceRequest.parseFrom(body));
                    reply(
                            exchange,
                            200,
                            ExportTraceServiceResponse.getDefaultInstance().toByteArray(),
                            "application/x-protobuf");
                }
            } finally {
                concurrent.decrementAndGet();
            }
        }
    }

    private static byte[] text(String message) {
        return message.getBytes(StandardCharsets.UTF_8);
    }

    private static void reply(HttpExchange exchange, int status, byte[] body, String type)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        grpc.shutdownNow();
        http.stop(0);
        httpThreads.shutdownNow();
    }

    private final class TraceService extends TraceServiceGrpc.TraceServiceImplBase {
        @Override
        public void export(
                ExportTraceServiceRequest request,
                StreamObserver<ExportTraceServiceResponse> response) {
            try {
                Refusal refused = admit();
                if (refused == Refusal.UNAVAILABLE) {
                    response.onError(
                            Status.UNAVAILABLE
                                    .withDescription("refusing for a while")
                                    .asRuntimeException());
                } else if (refused == Refusal.INVALID) {
                    response.onError(
                            Status.INVALID_ARGUMENT
                                    .withDescription("refusing for good")
                                    .asRuntimeException());
                } else {
                    take(request);
                    response.onNext(ExportTraceServiceResponse.getDefaultInstance());
                    response.onCompleted();
                }
            } finally {
                concurrent.decrementAndGet();
            }
        }
    }
}
