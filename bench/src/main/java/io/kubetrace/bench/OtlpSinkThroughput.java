package io.kubetrace.bench;

import io.kubetrace.model.SpanAttribute;
import io.kubetrace.model.SpanEvent;
import io.kubetrace.model.SpanKind;
import io.kubetrace.model.SpanRecord;
import io.kubetrace.sinks.otlp.OtlpOptions;
import io.kubetrace.sinks.otlp.OtlpProtocol;
import io.kubetrace.sinks.otlp.OtlpSettings;
import io.kubetrace.sinks.otlp.OtlpSpanSink;
import io.kubetrace.sinks.otlp.receiver.OtlpReceiver;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * How many spans per second the OTLP sink delivers into a real OTLP receiver in the same JVM, over
 * gRPC and HTTP, with the default batching and buffer: a Flink job that only sends ready-made spans
 * shaped like kubetrace's change spans (about 1 KB each). Prints one line per protocol.
 *
 * <p>Run: {@code mvn -B -q -pl bench -am install -DskipTests && mvn -B -q -pl bench exec:exec
 * -Dexec.args="--add-opens=java.base/java.util=ALL-UNNAMED -cp %classpath
 * io.kubetrace.bench.OtlpSinkThroughput 200000"}
 */
public final class OtlpSinkThroughput {

    private OtlpSinkThroughput() {}

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        List<SpanRecord> spans = spans(count);
        for (OtlpProtocol protocol : OtlpProtocol.values()) {
            try (OtlpReceiver receiver = OtlpReceiver.onFreePorts()) {
                Configuration settings = new Configuration();
                int port =
                        protocol == OtlpProtocol.GRPC ? receiver.grpcPort() : receiver.httpPort();
                settings.set(OtlpOptions.ENDPOINT, "http://127.0.0.1:" + port);
                settings.set(OtlpOptions.PROTOCOL, protocol);
                Configuration job = new Configuration();
                job.set(PipelineOptions.GENERIC_TYPES, false);
                StreamExecutionEnvironment env =
                        StreamExecutionEnvironment.createLocalEnvironment(1, job);
                env.fromData(SpanRecord.class, spans.toArray(SpanRecord[]::new))
                        .sinkTo(new OtlpSpanSink(OtlpSettings.from(settings)));
                long started = System.nanoTime();
                env.execute("otlp sink throughput");
                double seconds = (System.nanoTime() - started) / 1e9;
                System.out.printf(
                        Locale.ROOT,
                        "otlp sink %s: %d spans in %.1f s = %.0f spans/s into the receiver (%d"
                                + " requests, received %d)%n",
                        protocol,
                        count,
                        seconds,
                        count / seconds,
                        receiver.requests(),
                        receiver.spans().size());
            }
        }
    }

    private static List<SpanRecord> spans(int count) {
        List<SpanRecord> spans = new ArrayList<>(count);
        long start = 1_780_000_000_000_000_000L;
        for (int i = 0; i < count; i++) {
            String trace = String.format("%032x", 1_000_000L + i / 50);
            spans.add(
                    new SpanRecord(
                            trace,
                            String.format("%016x", 5_000_000L + i),
                            String.format("%016x", 5_000_000L + i / 50 * 50),
                            SpanKind.AUDIT,
                            "system:serviceaccount:kube-system:replicaset-controller update status",
                            "replicasets",
                            "prod-eu-1",
                            start + i * 1_000_000L,
                            start + i * 1_000_000L + 4_000_000L,
                            List.of(
                                    SpanAttribute.of("k8s.cluster.name", "prod-eu-1"),
                                    SpanAttribute.of("k8s.namespace.name", "payments"),
                                    SpanAttribute.of("audit.id", "6f1c2d3e-aaaa-bbbb-cccc-" + i),
                                    SpanAttribute.of("audit.verb", "update"),
                                    SpanAttribute.of(
                                            "audit.user",
                                            "system:serviceaccount:kube-system:replicaset-controller"),
                                    SpanAttribute.of(
                                            "audit.user_agent",
                                            "kube-controller-manager/v1.29.2 (linux/amd64)"
                                                + " kubernetes/4b8e819/system:serviceaccount:kube-system:replicaset-controller"),
                                    SpanAttribute.of("audit.source_ip", "172.18.0.2"),
                                    SpanAttribute.of("audit.response_code", 200),
                                    SpanAttribute.of(
                                            "audit.resource_version", Long.toString(100_000 + i)),
                                    SpanAttribute.of(
                                            "audit.new_resource_version",
                                            Long.toString(100_001 + i)),
                                    SpanAttribute.of("audit.subresource", "status"),
                                    SpanAttribute.of(
                                            "audit.request_uri",
                                            "/apis/apps/v1/namespaces/payments/replicasets/checkout-7d4b9c6f5d/status")),
                            List.of(
                                    new SpanEvent(
                                            "no-op update",
                                            start + i * 1_000_000L,
                                            List.of(
                                                    SpanAttribute.of(
                                                            "message",
                                                            "resourceVersion unchanged")))),
                            false,
                            "",
                            List.of()));
        }
        return spans;
    }
}
