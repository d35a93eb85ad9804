package io.kubetrace.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubetrace.model.SpanKind;
import io.kubetrace.model.SpanRecord;
import io.kubetrace.sinks.RejectionFileSink;
import io.kubetrace.sinks.TraceFileSink;
import io.kubetrace.sinks.TraceFiles;
import io.kubetrace.sources.audit.AuditEventParser;
import io.kubetrace.sources.audit.AuditFileSource;
import io.kubetrace.sources.audit.AuditFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The backfill job on a Flink MiniCluster over the real Falco captures. */
class BackfillITCase {

    @RegisterExtension static final MiniClusterExtension FLINK = TestFlinkCluster.twoSlots();

    @TempDir Path out;

    /** Runs the backfill job with two subtasks; returns its report. */
    static BackfillReport backfill(List<Path> inputs, Path out, String cluster) throws Exception {
        List<Path> files = AuditFiles.expand(inputs);
        AuditEventParser parser = new AuditEventParser(cluster, 64 * 1024);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        KubetraceEnvironment.essentials(new Configuration()));
        env.setParallelism(2);
        assertThat(env.getConfig().getSerializerConfig().hasGenericTypesDisabled()).isTrue();
        new BackfillJob(
                        new BackfillJob.Inputs(
                                AuditFileSource.of(
                                        AuditFiles.oldestFirst(files, parser, 1 << 20),
                                        parser,
                                        1 << 20),
                                null),
                        List.of(
                                new SpanOutput(
                                        Uids.TRACE_FILE_SINK,
                                        "files",
                                        new TraceFileSink(out, 1000),
                                        true)),
                        new RejectionFileSink(out.resolve("rejected.jsonl")),
                        PipelineSettings.defaults(),
                        Duration.ofSeconds(5))
                .build(env);
        return BackfillReport.of(env.execute("backfill test"), files.size());
    }

    /** Every trace written to a directory, by trace ID. */
    static Map<String, List<SpanRecord>> traces(Path directory) throws IOException {
        Map<String, List<SpanRecord>> traces = new TreeMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(TraceFiles::isTraceFile).toList()) {
                List<SpanRecord> spans = TraceFiles.read(file);
                traces.put(file.getFileName().toString().replace(".json", ""), spans);
            }
        }
        return traces;
    }

    private static String outlineOf(Map<String, List<SpanRecord>> traces, String rootName) {
        return traces.values().stream()
                .map(TraceOutline::of)
                .filter(outline -> outline.startsWith(rootName + "\n"))
                .reduce("", String::concat);
    }

    @Test
    void tracesTheRealFalcoCaptures() throws Exception {
        BackfillReport report = backfill(List.of(SharedData.path("audit/falco")), out, "minikube");

        // 40 events: attach is ResponseStarted and one read is a get (filtered); two files
        // share one audit ID (deduplicated); the other 37 are traced.
        assertThat(report.read()).isEqualTo(40);
        assertThat(report.rejected()).isZero();
        assertThat(report.filtered()).isEqualTo(2);
        assertThat(report.deduplicated()).isEqualTo(1);
        assertThat(report.traced()).isEqualTo(37);
        assertThat(report.read())
                .isEqualTo(
                        report.rejected()
                                + report.filtered()
                                + report.deduplicated()
                                + report.traced());

        Map<String, List<SpanRecord>> traces = traces(out);
        assertThat(traces).hasSize((int) report.traces());
        assertThat(traces.values().stream().mapToLong(List::size).sum()).isEqualTo(report.spans());
        for (Map.Entry<String, List<SpanRecord>> trace : traces.entrySet()) {
            assertEveryParentInside(trace.getKey(), trace.getValue());
        }

        // The Deployment was written through the retired extensions group: created, then deleted.
        assertThat(outlineOf(traces, "deployments default/nginx-deployment"))
                .isEqualTo(
                        "deployments default/nginx-deployment\n"
                                + "  minikube-user create\n"
                                + "  minikube-user delete\n");
        // Pods created by the replicaset controller sit under their (unseen) ReplicaSet.
        assertThat(outlineOf(traces, "replicasets default/nginx-deployment-7998647bdf"))
                .isEqualTo(
                        "replicasets default/nginx-deployment-7998647bdf\n"
                                + "  pods default/nginx-deployment-7998647bdf-4j7t7\n"
                                + "    system:serviceaccount:kube-system:replicaset-controller"
                                + " create\n");
        // The Service is created, deleted and created again: one trace per 30-minute window.
        assertThat(outlineOf(traces, "services default/nginx"))
                .isEqualTo(
                        "services default/nginx\n"
                                + "  minikube-user create\n"
                                + "  minikube-user create\n"
                                + "services default/nginx\n"
                                + "  minikube-user delete\n"
                                + "  minikube-user create\n");
        assertThat(outlineOf(traces, "clusterroles system:kube-aggregator"))
                .isEqualTo("clusterroles system:kube-aggregator\n  minikube-user delete\n");
    }

    @Test
    void writesIdenticalTracesWhenTheSameInputIsTracedTwice() throws Exception {
        Path first = Files.createDirectory(out.resolve("first"));
        Path second = Files.createDirectory(out.resolve("second"));

        backfill(List.of(SharedData.path("audit/falco")), first, "minikube");
        backfill(List.of(SharedData.path("audit/falco")), second, "minikube");

        List<String> names = new ArrayList<>(traces(first).keySet());
        assertThat(traces(second).keySet()).containsExactlyElementsOf(names);
        for (String traceId : names) {
            assertThat(Files.readAllBytes(second.resolve(traceId + ".json")))
                    .isEqualTo(Files.readAllBytes(first.resolve(traceId + ".json")));
        }
    }

    static void assertEveryParentInside(String traceId, List<SpanRecord> spans) {
        Set<String> ids = new HashSet<>();
        spans.forEach(span -> ids.add(span.spanId()));
        assertThat(ids).as("span IDs of %s are unique", traceId).hasSize(spans.size());
        assertThat(spans).allSatisfy(span -> assertThat(span.traceId()).isEqualTo(traceId));
        assertThat(spans.stream().filter(SpanRecord::isRoot))
                .as("one root in %s", traceId)
                .singleElement()
                .satisfies(root -> assertThat(root.kind()).isEqualTo(SpanKind.OBJECT));
        assertThat(spans)
                .filteredOn(span -> !span.isRoot())
                .allSatisfy(
                        span ->
                                assertThat(ids)
                                        .as("parent of %s", span.name())
                                        .contains(span.parentSpanId()));
    }
}
