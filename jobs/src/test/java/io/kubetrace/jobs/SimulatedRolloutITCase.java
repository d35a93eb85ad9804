package io.kubetrace.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubetrace.jobs.simulate.AuditSimulator;
import io.kubetrace.jobs.simulate.SimulationOptions;
import io.kubetrace.model.SpanRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The backfill job on a Flink MiniCluster over SYNTHETIC rollouts, with exact expected trees. */
class SimulatedRolloutITCase {

    @RegisterExtension static final MiniClusterExtension FLINK = TestFlinkCluster.twoSlots();

    @TempDir Path directory;

    private static String resource(String name) throws IOException {
        try (InputStream in = SimulatedRolloutITCase.class.getResourceAsStream("/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void tracesADeploymentCronJobAndStatefulSetAsWholeTrees() throws Exception {
        Path log = directory.resolve("audit.jsonl");
        try (Writer writer = Files.newBufferedWriter(log)) {
            new AuditSimulator(
                            new SimulationOptions(
                                    1,
                                    2,
                                    1,
                                    1,
                                    1,
                                    1,
                                    3,
                                    Instant.parse("2026-11-01T10:00:00Z"),
                                    Duration.ofMinutes(2),
                                    1,
                                    false))
                    .write(writer);
        }
        Path out = Files.createDirectory(directory.resolve("traces"));

        BackfillReport report = BackfillITCase.backfill(List.of(log), out, "unused");

        Map<String, List<SpanRecord>> traces = BackfillITCase.traces(out);
        traces.forEach(BackfillITCase::assertEveryParentInside);
        assertThat(report.rejected() + report.filtered() + report.deduplicated()).isZero();
        assertThat(report.traced()).isEqualTo(report.read());
        // Three traces: the CronJob with its two Jobs, the Deployment with its two ReplicaSets
        // (three Pods each: two, one more on scale-up, and the image update replaces all three;
        // the scale-down removes one new Pod, the rest go with the Deployment), and the
        // StatefulSet with its revision and ordered Pods. Reviewed against the lifecycles.
        String outlines =
                traces.values().stream()
                        .map(TraceOutline::of)
                        .map(TraceOutline::masked)
                        .sorted()
                        .reduce("", String::concat);
        assertThat(outlines).isEqualTo(resource("simulated-rollout.outline"));
        assertThat(traces).hasSize(3);
    }
}
