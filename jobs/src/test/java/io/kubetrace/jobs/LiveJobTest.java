package io.kubetrace.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubetrace.model.SpanRecord;
import io.kubetrace.sinks.RejectionLogSink;
import io.kubetrace.sources.audit.AuditEventParser;
import io.kubetrace.sources.kafka.KafkaAuditSettings;
import io.kubetrace.sources.kafka.KafkaAuditSource;
import io.kubetrace.sources.kafka.StartingOffsets;
import io.kubetrace.sources.kube.watch.ClusterConnection;
import io.kubetrace.sources.kube.watch.KubeWatchSource;
import io.kubetrace.sources.kube.watch.WatchSettings;
import io.kubetrace.sources.kube.watch.WatchedResource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/** The live job's graph for each combination of inputs. */
class LiveJobTest {

    private static final KafkaAuditSettings KAFKA =
            new KafkaAuditSettings(
                    "kafka:9092",
                    "kubetrace-audit",
                    "kubetrace",
                    StartingOffsets.COMMITTED,
                    Map.of(),
                    Duration.ofMinutes(5));

    private static LiveJob.AuditInput audits() {
        return LiveJob.AuditInput.kafka(
                KafkaAuditSource.of(KAFKA, new AuditEventParser("default", 1024)));
    }

    private static KubeWatchSource watches() {
        return KubeWatchSource.builder()
                .clusters(List.of(ClusterConnection.ofUrl("c", "http://127.0.0.1:1")))
                .resources(List.of(new WatchedResource("apps", "v1", "deployments")))
                .settings(WatchSettings.defaults())
                .build();
    }

    private static List<String> uids(LiveJob.Inputs inputs) {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        KubetraceEnvironment.essentials(new Configuration()));
        new LiveJob(
                        inputs,
                        List.of(
                                new SpanOutput(
                                        "collect",
                                        "collect",
                                        CollectingSink.<SpanRecord>named("live-job-graph"),
                                        false)),
                        new RejectionLogSink(),
                        PipelineSettings.defaults(),
                        LiveSettings.defaults())
                .build(env);
        StreamGraph graph = env.getStreamGraph();
        // Fails on any step without a uid of ours, since generated ones are off.
        graph.getJobGraph();
        return graph.getStreamNodes().stream().map(StreamNode::getTransformationUID).toList();
    }

    @Test
    void withTheTopicAndTheWatchesChangesAreJoinedWithTheirDiffs() {
        assertThat(uids(new LiveJob.Inputs(audits(), watches())))
                .contains(
                        Uids.KAFKA_AUDIT_SOURCE,
                        Uids.KUBE_WATCH_SOURCE,
                        Uids.OBJECT_DIFFER,
                        Uids.DIFF_JOINER)
                .doesNotContain(Uids.CHANGES_WITHOUT_DIFFS);
    }

    @Test
    void withTheTopicAloneChangesGoWithoutDiffs() {
        assertThat(uids(new LiveJob.Inputs(audits(), null)))
                .contains(Uids.KAFKA_AUDIT_SOURCE, Uids.CHANGES_WITHOUT_DIFFS)
                .doesNotContain(Uids.KUBE_WATCH_SOURCE, Uids.DIFF_JOINER);
    }

    @Test
    void needsSomethingToRead() {
        assertThatThrownBy(() -> new LiveJob.Inputs(null, null))
                .hasMessage("a live job needs audit events, watched clusters, or both");
    }
}
