package io.kubetrace.jobs.cli;

import io.kubetrace.model.SpanRecord;
import io.kubetrace.sinks.TraceTreeRenderer;
import io.kubetrace.sinks.otlp.receiver.OtlpReceiver;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kubetrace otlp-receiver}: a small OTLP receiver for trying kubetrace without a Jaeger. It
 * prints each trace as a tree once no span of it has come for a second.
 */
@Command(
        name = "otlp-receiver",
        mixinStandardHelpOptions = true,
        header = "Receive spans over OTLP (gRPC and HTTP) and print them as trace trees.",
        description = {
            "A debugging receiver built from the OpenTelemetry protocol classes: point"
                    + " --otlp-endpoint at it instead of a Jaeger. A trace is printed once no span"
                    + " of it has come for a second, and again, whole, if more come later."
        })
final class OtlpReceiverCommand implements Callable<Integer> {

    private static final long QUIET_NANOS = Duration.ofSeconds(1).toNanos();

    @Spec CommandSpec spec;

    @Option(
            names = "--host",
            paramLabel = "ADDRESS",
            defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(
            names = "--grpc-port",
            paramLabel = "N",
            defaultValue = "4317",
            description = "OTLP/gRPC port (default: ${DEFAULT-VALUE}).")
    int grpcPort;

    @Option(
            names = "--http-port",
            paramLabel = "N",
            defaultValue = "4318",
            description = "OTLP/HTTP port, path /v1/traces (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(
            names = "--duration",
            paramLabel = "DURATION",
            description =
                    "Stop after this long, ISO-8601 such as PT30S (default: until interrupted).")
    Duration duration;

    private final Map<String, List<SpanRecord>> traces = new LinkedHashMap<>();
    private final Map<String, Long> lastSpanAt = new LinkedHashMap<>();
    private long spans;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stopped = new CountDownLatch(1);
        try (OtlpReceiver receiver = new OtlpReceiver(host, grpcPort, httpPort, this::received)) {
            out.println(
                    "kubetrace otlp-receiver: OTLP/gRPC on "
                            + host
                            + ":"
                            + receiver.grpcPort()
                            + ", OTLP/HTTP on http://"
                            + host
                            + ":"
                            + receiver.httpPort()
                            + "/v1/traces");
            out.flush();
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            long deadline =
                    duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
            while (System.nanoTime() < deadline && !stopped.await(200, TimeUnit.MILLISECONDS)) {
                printQuietTraces(out, System.nanoTime() - QUIET_NANOS);
            }
            printQuietTraces(out, Long.MAX_VALUE);
            out.println(
                    "kubetrace otlp-receiver: received "
                            + spans
                            + " spans in "
                            + traces.size()
                            + " traces");
            out.flush();
        }
        return 0;
    }

    private synchronized void received(List<SpanRecord> batch) {
        long now = System.nanoTime();
        for (SpanRecord span : batch) {
            traces.computeIfAbsent(span.traceId(), id -> new ArrayList<>()).add(span);
            lastSpanAt.put(span.traceId(), now);
            spans++;
        }
    }

    private synchronized void printQuietTraces(PrintWriter out, long quietSince) {
        lastSpanAt
                .entrySet()
                .removeIf(
                        trace -> {
                            if (trace.getValue() > quietSince) {
                                return false;
                            }
                            out.println(TraceTreeRenderer.render(traces.get(trace.getKey())));
                            return true;
                        });
        out.flush();
    }
}
