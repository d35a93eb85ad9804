package io.kubetrace.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubetrace.jobs.simulate.AuditSimulator;
import io.kubetrace.jobs.simulate.SimulationOptions;
import io.kubetrace.model.SpanEvent;
import io.kubetrace.model.SpanKind;
import io.kubetrace.model.SpanRecord;
import io.kubetrace.sinks.RejectionFileSink;
import io.kubetrace.sinks.TraceFileSink;
import io.kubetrace.sources.audit.AuditEventParser;
import io.kubetrace.sources.audit.AuditFileSource;
import io.kubetrace.sources.kube.KubeObjectParser;
import io.kubetrace.sources.kube.ObjectFileSource;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The backfill job over object versions and Kubernetes Events, with and without audit logs. */
class ObjectBackfillITCase {

    @RegisterExtension static final MiniClusterExtension FLINK = TestFlinkCluster.twoSlots();

    @TempDir Path directory;

    private BackfillReport backfill(List<Path> auditFiles, List<Path> objectFiles, Path out)
            throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        KubetraceEnvironment.essentials(new Configuration()));
        env.setParallelism(2);
        AuditEventParser parser = new AuditEventParser("kind", 64 * 1024);
        new BackfillJob(
                        new BackfillJob.Inputs(
                                auditFiles.isEmpty()
                                        ? null
                                        : AuditFileSource.of(auditFiles, parser, 1 << 20),
                                ObjectFileSource.of(
                                        objectFiles, new KubeObjectParser("kind"), 1 << 20)),
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
        return BackfillReport.of(
                env.execute("object backfill test"), auditFiles.size() + objectFiles.size());
    }

    /** The trace as objects, and under each its Events as {@code reason type source: message}. */
    private static String outline(List<SpanRecord> spans) {
        Map<String, List<SpanRecord>> children = new HashMap<>();
        SpanRecord root = null;
        for (SpanRecord span : spans) {
            if (span.isRoot()) {
                root = span;
            } else {
                children.computeIfAbsent(span.parentSpanId(), id -> new ArrayList<>()).add(span);
            }
        }
        StringBuilder text = new StringBuilder();
        append(root, "", children, text);
        return text.toString();
    }

    private static void append(
            SpanRecord span,
            String indent,
            Map<String, List<SpanRecord>> children,
            StringBuilder text) {
        if (span.kind() == SpanKind.OBJECT) {
            text.append(indent)
                    .append(span.serviceName())
                    .append(' ')
                    .append(span.name())
                    .append('\n');
        } else {
            text.append(indent)
                    .append(span.attribute("event.reason"))
                    .append(' ')
                    .append(span.attribute("event.type"))
                    .append(' ')
                    .append(span.attribute("event.source"))
                    .append(": ")
                    .append(span.attribute("event.note"))
                    .append('\n');
        }
        List<SpanRecord> below = new ArrayList<>(children.getOrDefault(span.spanId(), List.of()));
        // Events of the same second (their timestamps have no more) in the order of their text.
        below.sort(
                Comparator.comparingLong(SpanRecord::startNanos)
                        .thenComparing(SpanRecord::name)
                        .thenComparing(child -> child.attribute("event.note")));
        below.forEach(child -> append(child, indent + "  ", children, text));
    }

    @Test
    void tracesTheRealKspanRolloutAsOneTreeWithEveryEventUnderItsObject() throws Exception {
        Path out = Files.createDirectory(directory.resolve("kspan"));

        BackfillReport report =
                backfill(
                        List.of(),
                        List.of(SharedData.path("events/kspan-deployment-2-pods.yaml")),
                        out);

        assertThat(report.objectsRead()).isEqualTo(26);
        assertThat(report.eventsTraced()).isEqualTo(19);
        Map<String, List<SpanRecord>> traces = BackfillITCase.traces(out);
        assertThat(traces).hasSize(1);
        List<SpanRecord> trace = traces.values().iterator().next();
        BackfillITCase.assertEveryParentInside(trace.get(0).traceId(), trace);
        assertThat(outline(trace))
                .isEqualTo(
                        "deployments default/px\n"
                            + "  ScalingReplicaSet Normal deployment-controller: Scaled up replica"
                            + " set px-5d567cc74c to 1\n"
                            + "  replicasets default/px-5d567cc74c\n"
                            + "    SuccessfulCreate Normal replicaset-controller: Created pod:"
                            + " px-5d567cc74c-ss4lb\n"
                            + "    pods default/px-5d567cc74c-ss4lb\n"
                            + "      Scheduled Normal default-scheduler: Successfully assigned"
                            + " default/px-5d567cc74c-ss4lb to kind-control-plane\n"
                            + "      Pulling Normal kubelet: Pulling image"
                            + " \"ghcr.io/stefanprodan/podinfo:5.0.0\"\n"
                            + "      Created Normal kubelet: Created container podinfo\n"
                            + "      Pulled Normal kubelet: Successfully pulled image"
                            + " \"ghcr.io/stefanprodan/podinfo:5.0.0\" in 5.870196872s\n"
                            + "      Started Normal kubelet: Started container podinfo\n"
                            + "    SuccessfulCreate Normal replicaset-controller: Created pod:"
                            + " px-5d567cc74c-pmvzr\n"
                            + "    pods default/px-5d567cc74c-pmvzr\n"
                            + "      Created Normal kubelet: Created container podinfo\n"
                            + "      Pulled Normal kubelet: Container image"
                            + " \"ghcr.io/stefanprodan/podinfo:5.0.0\" already present on machine\n"
                            + "      Started Normal kubelet: Started container podinfo\n"
                            + "      Scheduled Normal default-scheduler: Successfully assigned"
                            + " default/px-5d567cc74c-pmvzr to kind-control-plane\n"
                            + "  ScalingReplicaSet Normal deployment-controller: Scaled down"
                            + " replica set px-7df978b9bf to 1\n"
                            + "  ScalingReplicaSet Normal deployment-controller: Scaled up replica"
                            + " set px-5d567cc74c to 2\n"
                            + "  replicasets default/px-7df978b9bf\n"
                            + "    SuccessfulDelete Normal replicaset-controller: Deleted pod:"
                            + " px-7df978b9bf-jm22q\n"
                            + "    pods default/px-7df978b9bf-jm22q\n"
                            + "      Killing Normal kubelet: Stopping container podinfo\n"
                            + "    SuccessfulDelete Normal replicaset-controller: Deleted pod:"
                            + " px-7df978b9bf-bfdrj\n"
                            + "    pods default/px-7df978b9bf-bfdrj\n"
                            + "      Killing Normal kubelet: Stopping container podinfo\n"
                            + "  ScalingReplicaSet Normal deployment-controller: Scaled down"
                            + " replica set px-7df978b9bf to 0\n");
    }

    @Test
    void givesEveryChangeTheDiffOfExactlyItsResourceVersion() throws Exception {
        Path audit = directory.resolve("audit.jsonl");
        Path objects = directory.resolve("objects.jsonl");
        try (Writer auditWriter = Files.newBufferedWriter(audit);
                Writer objectWriter = Files.newBufferedWriter(objects)) {
            new AuditSimulator(
                            new SimulationOptions(
                                    3,
                                    2,
                                    1,
                                    1,
                                    1,
                                    2,
                                    3,
                                    Instant.parse("2026-11-01T10:00:00Z"),
                                    Duration.ofMinutes(4),
                                    9,
                                    false))
                    .write(auditWriter, objectWriter);
        }
        Path out = Files.createDirectory(directory.resolve("traces"));

        BackfillReport report = backfill(List.of(audit), List.of(objects), out);

        List<SpanRecord> changes = new ArrayList<>();
        BackfillITCase.traces(out)
                .forEach(
                        (id, trace) -> {
                            BackfillITCase.assertEveryParentInside(id, trace);
                            trace.stream()
                                    .filter(span -> span.kind() == SpanKind.AUDIT)
                                    .forEach(changes::add);
                        });
        assertThat(changes).hasSize((int) report.traced());
        List<SpanRecord> withVersion =
                changes.stream()
                        .filter(span -> !span.attribute("audit.new_resource_version").isEmpty())
                        .toList();
        assertThat(withVersion).isNotEmpty();
        assertThat(withVersion)
                .allSatisfy(
                        span -> {
                            assertThat(span.attribute("kubetrace.diff"))
                                    .as(span.name())
                                    .isEqualTo("joined");
                            if (span.attribute("audit.verb").equals("update")
                                    || span.attribute("audit.verb").equals("patch")) {
                                SpanEvent diff =
                                        span.events().stream()
                                                .filter(event -> event.name().equals("diff"))
                                                .findFirst()
                                                .orElseThrow();
                                assertThat(diff.attributes())
                                        .anySatisfy(
                                                attribute -> {
                                                    assertThat(attribute.key())
                                                            .isEqualTo("new_resource_version");
                                                    assertThat(attribute.value())
                                                            .isEqualTo(
                                                                    span.attribute(
                                                                            "audit.new_resource_version"));
                                                });
                            }
                        });
        assertThat(changes)
                .filteredOn(
                        span ->
                                span.name()
                                        .equals(
                                                "system:serviceaccount:kube-system:deployment-controller"
                                                    + " update"))
                .anySatisfy(
                        span ->
                                assertThat(span.events().get(0).attributes().get(0).value())
                                        .startsWith("spec.replicas 2 -> 3"));
        assertThat(report.eventsTraced()).isPositive();
        assertThat(report.objectsRejected()).isZero();
    }
}
