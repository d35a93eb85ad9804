package io.kubetrace.jobs.cli;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubetrace.jobs.BackfillJob;
import io.kubetrace.jobs.KubetraceEnvironment;
import io.kubetrace.jobs.LiveJob;
import io.kubetrace.jobs.LiveSettings;
import io.kubetrace.jobs.PipelineSettings;
import io.kubetrace.jobs.SharedData;
import io.kubetrace.jobs.Uids;
import io.kubetrace.sinks.otlp.OtlpOptions;
import io.kubetrace.sources.audit.AuditEventParser;
import io.kubetrace.sources.audit.AuditFileSource;
import io.kubetrace.sources.kafka.AuditFilesThenKafka;
import io.kubetrace.sources.kafka.KafkaAuditSettings;
import io.kubetrace.sources.kafka.KafkaAuditSource;
import io.kubetrace.sources.kafka.StartingOffsets;
import io.kubetrace.sources.kube.KubeObjectParser;
import io.kubetrace.sources.kube.ObjectFileSource;
import io.kubetrace.sources.kube.watch.ClusterConnection;
import io.kubetrace.sources.kube.watch.KubeWatchSource;
import io.kubetrace.sources.kube.watch.WatchSettings;
import io.kubetrace.sources.kube.watch.WatchedResource;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.streaming.api.operators.SourceOperatorFactory;
import org.apache.flink.streaming.runtime.operators.sink.SinkWriterOperatorFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every step of every job kubetrace runs, by uid, spelled out here: a savepoint finds each
 * operator's state by its uid, so a renamed uid must fail this test before it fails a restore. Each
 * step is named with what it keeps: a source's or sink's state, keyed state, or nothing. The sinks
 * are the ones the CLI wires, trace files and OTLP both.
 */
class OperatorUidsTest {

    private static final String SOURCE = "source";
    private static final String SINK = "sink";
    private static final String KEYED = "keyed state";
    private static final String STATELESS = "no state";

    private static final String KEEP_UIDS =
            "A savepoint finds each operator's state by its uid: a uid renamed or gone makes"
                    + " restoring a savepoint of the previous version fail (or, with"
                    + " --allow-non-restored-state, drops that state without a word). Keep every"
                    + " released uid. To rename one, move its state in the savepoint with the State"
                    + " Processor API (SavepointWriter.changeOperatorIdentifier), or give the"
                    + " renamed step the old uid's hash (setUidHash): see operators/README.md.";

    /** The steps every job has behind its sources. */
    private static final Map<String, String> TRACING =
            Map.ofEntries(
                    entry("audit-filter", STATELESS),
                    entry("audit-deduplicator", KEYED),
                    entry("linker", KEYED),
                    entry("trace-assembler", KEYED),
                    entry("trace-file-sink", SINK),
                    entry("otlp-sink", SINK),
                    entry("rejection-sink", SINK));

    /** The steps of object versions and Events, and of joining changes with their diffs. */
    private static final Map<String, String> OBJECTS =
            Map.ofEntries(
                    entry("object-router", STATELESS),
                    entry("version-observations", STATELESS),
                    entry("event-deduplicator", KEYED),
                    entry("event-observations", STATELESS),
                    entry("object-differ", KEYED),
                    entry("diff-joiner", KEYED));

    private static final KafkaAuditSettings KAFKA =
            new KafkaAuditSettings(
                    "kafka:9092",
                    "kubetrace-audit",
                    "kubetrace",
                    StartingOffsets.COMMITTED,
                    Map.of(),
                    Duration.ofMinutes(5));
    private static final AuditEventParser PARSER = new AuditEventParser("default", 1024);
    private static final List<Path> AUDIT_FILES =
            List.of(SharedData.path("audit/falco/create_deployment.json"));
    private static final Path OBJECT_FILE = SharedData.path("events/kspan-deployment-2-pods.yaml");

    @TempDir Path out;

    @Test
    void runWithTheTopicAndTheWatches() {
        assertThat(runWithTopicAndWatches())
                .as(KEEP_UIDS)
                .containsExactlyInAnyOrderEntriesOf(
                        steps(
                                Map.of(
                                        "kafka-audit-source", SOURCE,
                                        "kube-watch-source", SOURCE),
                                List.of(TRACING, OBJECTS)));
    }

    @Test
    void runWithAuditFilesThenTheTopicAndTheWatches() {
        assertThat(runWithFilesThenTopicAndWatches())
                .as(KEEP_UIDS)
                .containsExactlyInAnyOrderEntriesOf(
                        steps(
                                Map.of(
                                        "audit-files-then-kafka-source", SOURCE,
                                        "kube-watch-source", SOURCE),
                                List.of(TRACING, OBJECTS)));
    }

    @Test
    void runWithTheTopicAlone() {
        assertThat(runWithTopic())
                .as(KEEP_UIDS)
                .containsExactlyInAnyOrderEntriesOf(
                        steps(
                                Map.of(
                                        "kafka-audit-source", SOURCE,
                                        "changes-without-diffs", STATELESS),
                                List.of(TRACING)));
    }

    @Test
    void backfillOfAuditLogsAndObjects() {
        assertThat(backfill())
                .as(KEEP_UIDS)
                .containsExactlyInAnyOrderEntriesOf(
                        steps(
                                Map.of(
                                        "audit-file-source", SOURCE,
                                        "object-file-source", SOURCE),
                                List.of(TRACING, OBJECTS)));
    }

    @Test
    void everyUidIsAConstantOfUidsAndEachConstantIsInUse() throws IllegalAccessException {
        Set<String> constants = new HashSet<>();
        for (Field field : Uids.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                constants.add((String) field.get(null));
            }
        }
        Set<String> used = new HashSet<>();
        for (Map<String, String> job :
                List.of(
                        runWithTopicAndWatches(),
                        runWithFilesThenTopicAndWatches(),
                        runWithTopic(),
                        backfill())) {
            used.addAll(job.keySet());
        }
        assertThat(used).isEqualTo(constants);
    }

    private Map<String, String> runWithTopicAndWatches() {
        return live(LiveJob.AuditInput.kafka(KafkaAuditSource.of(KAFKA, PARSER)), watches());
    }

    private Map<String, String> runWithFilesThenTopicAndWatches() {
        return live(
                LiveJob.AuditInput.filesThenKafka(
                        AuditFilesThenKafka.of(AUDIT_FILES, PARSER, 1 << 20, KAFKA)),
                watches());
    }

    private Map<String, String> runWithTopic() {
        return live(LiveJob.AuditInput.kafka(KafkaAuditSource.of(KAFKA, PARSER)), null);
    }

    private Map<String, String> backfill() {
        return graph(
                env ->
                        new BackfillJob(
                                        new BackfillJob.Inputs(
                                                AuditFileSource.of(AUDIT_FILES, PARSER, 1 << 20),
                                                ObjectFileSource.of(
                                                        List.of(OBJECT_FILE),
                                                        new KubeObjectParser("default"),
                                                        1 << 20)),
                                        TraceSinks.spans(out, otlp()),
                                        TraceSinks.rejections(out),
                                        PipelineSettings.defaults(),
                                        Duration.ofSeconds(5))
                                .build(env));
    }

    /**
     * @param watches the watches, or {@code null}
     */
    private Map<String, String> live(LiveJob.AuditInput audits, KubeWatchSource watches) {
        return graph(
                env ->
                        new LiveJob(
                                        new LiveJob.Inputs(audits, watches),
                                        TraceSinks.spans(out, otlp()),
                                        TraceSinks.rejections(out),
                                        PipelineSettings.defaults(),
                                        LiveSettings.defaults())
                                .build(env));
    }

    private static KubeWatchSource watches() {
        return KubeWatchSource.builder()
                .clusters(List.of(ClusterConnection.ofUrl("c", "http://127.0.0.1:1")))
                .resources(List.of(new WatchedResource("apps", "v1", "deployments")))
                .settings(WatchSettings.defaults())
                .build();
    }

    /** Settings that send traces over OTLP as well as to files, so that both sinks are there. */
    private static Configuration otlp() {
        Configuration config = new Configuration();
        config.set(OtlpOptions.ENDPOINT, "http://127.0.0.1:4317");
        return config;
    }

    /** Each step of the graph a job builds, by uid, with what it keeps. */
    private static Map<String, String> graph(Consumer<StreamExecutionEnvironment> job) {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        KubetraceEnvironment.essentials(new Configuration()));
        job.accept(env);
        Map<String, String> steps =
                env.getStreamGraph().getStreamNodes().stream()
                        .collect(
                                Collectors.toMap(
                                        node ->
                                                Objects.requireNonNullElse(
                                                        node.getTransformationUID(),
                                                        "no uid: " + node.getOperatorName()),
                                        OperatorUidsTest::kept));
        return steps;
    }

    private static String kept(StreamNode node) {
        if (node.getOperatorFactory() instanceof SourceOperatorFactory) {
            return SOURCE;
        }
        if (node.getOperatorFactory() instanceof SinkWriterOperatorFactory) {
            return SINK;
        }
        return node.getStateKeySerializer() != null ? KEYED : STATELESS;
    }

    /** The steps of the sources given and of the parts of the pipeline a job has. */
    private static Map<String, String> steps(
            Map<String, String> sources, List<Map<String, String>> pipeline) {
        Map<String, String> all = new HashMap<>(sources);
        pipeline.forEach(all::putAll);
        return all;
    }
}
