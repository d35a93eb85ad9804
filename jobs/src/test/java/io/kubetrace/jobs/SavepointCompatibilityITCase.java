package io.kubetrace.jobs;

import static io.kubetrace.jobs.RolloutHalves.AUDIT_PARSER;
import static io.kubetrace.jobs.RolloutHalves.MAX_DOCUMENT_CHARS;
import static io.kubetrace.jobs.RolloutHalves.OBJECT_PARSER;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubetrace.model.ParsedAudit;
import io.kubetrace.model.ParsedObject;
import io.kubetrace.model.Rejection;
import io.kubetrace.model.SpanRecord;
import io.kubetrace.sources.audit.AuditFileSource;
import io.kubetrace.sources.files.RecordFileFormat;
import io.kubetrace.sources.files.RecordReaderFactory;
import io.kubetrace.sources.kube.ObjectFileSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The tracing pipeline on RocksDB, stopped with a savepoint halfway through a rollout its sources
 * wait for more of, and restored into a fresh job built from the current code that reads the second
 * half. The savepoint, read back with the State Processor API by the operators' uids and their own
 * state descriptors, holds what the operators learned from the first half; the restored job ends
 * with exactly the spans of a job that read both halves without stopping.
 */
class SavepointCompatibilityITCase {

    @RegisterExtension static final MiniClusterExtension FLINK = TestFlinkCluster.twoSlots();

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration MAX_OUT_OF_ORDERNESS = Duration.ofSeconds(5);

    /**
     * A quiet period shorter than the pauses of the rollout, so that some object spans go out
     * before the stop and the restored job must not emit them again.
     */
    private static final PipelineSettings SETTINGS =
            PipelineSettings.from(Configuration.fromMap(Map.of("trace.quiet", "10 s")));

    @TempDir static Path directory;

    private static RolloutHalves rollout;
    private static List<SpanRecord> uninterrupted;

    @BeforeAll
    static void traceBothHalvesWithoutStopping() throws Exception {
        rollout = RolloutHalves.simulate();
        Path audits = Files.createDirectories(directory.resolve("uninterrupted/audit"));
        Path objects = Files.createDirectories(directory.resolve("uninterrupted/objects"));
        rollout.writeHalf(1, audits, objects);
        JobClient job = start(audits, objects, "uninterrupted", null);
        try {
            awaitHalfTraced("uninterrupted", 1, 2);
            rollout.writeHalf(2, audits, objects);
            awaitHalfTraced("uninterrupted", 2, 4);
            job.stopWithSavepoint(true, savepoints("uninterrupted"), SavepointFormatType.CANONICAL)
                    .get();
        } finally {
            cancelIfRunning(job);
        }
        uninterrupted = CollectingSink.collected("uninterrupted-spans");
        assertThat(uninterrupted)
                .as("the spans of the uninterrupted run, each once")
                .isNotEmpty()
                .extracting(SpanRecord::spanId)
                .doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @EnumSource(SavepointFormatType.class)
    @Timeout(150)
    void aRestoredJobTracesOnAsIfItHadNeverStopped(SavepointFormatType format) throws Exception {
        Path audits = Files.createDirectories(directory.resolve(format + "/audit"));
        Path objects = Files.createDirectories(directory.resolve(format + "/objects"));
        String run = "savepoint-" + format;
        rollout.writeHalf(1, audits, objects);

        JobClient first = start(audits, objects, run + "-1", null);
        String savepoint;
        try {
            awaitHalfTraced(run + "-1", 1, 2);
            savepoint = first.stopWithSavepoint(false, savepoints(run), format).get();
        } finally {
            cancelIfRunning(first);
        }
        List<SpanRecord> before = CollectingSink.collected(run + "-1-spans");
        new FirstHalfInSavepoint(rollout, before, uninterrupted)
                .assertHeldBy(SavepointContents.read(savepoint, SETTINGS));

        rollout.writeHalf(2, audits, objects);
        JobClient restored = start(audits, objects, run + "-2", savepoint);
        try {
            awaitHalfTraced(run + "-2", 2, 2);
            restored.stopWithSavepoint(true, savepoints(run), format).get();
        } finally {
            cancelIfRunning(restored);
        }
        assertThat(CollectingSink.<Rejection>collected(run + "-2-rejected"))
                .as("the restored job reads only the second half")
                .extracting(Rejection::excerpt)
                .allMatch(excerpt -> excerpt.contains("\"end of half\":2"));
        assertTheTracesGoOn(before, CollectingSink.collected(run + "-2-spans"));
    }

    private static void assertTheTracesGoOn(List<SpanRecord> before, List<SpanRecord> after) {
        List<SpanRecord> spans = Stream.concat(before.stream(), after.stream()).toList();
        assertThat(spans)
                .extracting(SpanRecord::spanId)
                .as("no span twice, object spans included")
                .doesNotHaveDuplicates()
                .as("the spans of the uninterrupted run, none lost")
                .containsExactlyInAnyOrderElementsOf(
                        uninterrupted.stream().map(SpanRecord::spanId).toList());
        assertThat(byId(spans, SavepointCompatibilityITCase::placement))
                .as("each span in the same trace (same root and window), under the same parent")
                .containsExactlyInAnyOrderEntriesOf(
                        byId(uninterrupted, SavepointCompatibilityITCase::placement));
        assertThat(byId(spans, SavepointCompatibilityITCase::extent))
                .as("each span from the same start to the same end")
                .containsExactlyInAnyOrderEntriesOf(
                        byId(uninterrupted, SavepointCompatibilityITCase::extent));
        assertThat(spans).containsExactlyInAnyOrderElementsOf(uninterrupted);
    }

    private static String placement(SpanRecord span) {
        return span.name() + " in " + span.traceId() + " under " + span.parentSpanId();
    }

    private static String extent(SpanRecord span) {
        return span.name() + " " + span.startNanos() + ".." + span.endNanos();
    }

    private static Map<String, String> byId(
            List<SpanRecord> spans, Function<SpanRecord, String> what) {
        return spans.stream().collect(Collectors.toMap(SpanRecord::spanId, what));
    }

    /**
     * The pipeline behind sources that read the files in a directory and wait for more, with one
     * subtask for each operator: a second reader, without a file, would hold the watermark back,
     * and spreading the records of one reader over two subtasks would reorder an object's versions
     * on their way to the differ. Its output goes to collecting sinks named after the run.
     */
    private static JobClient start(Path audits, Path objects, String run, String savepoint)
            throws Exception {
        Configuration config = new Configuration();
        if (savepoint != null) {
            config.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        StreamExecutionEnvironment env = environment(config, 1);
        DataStream<ParsedAudit> auditStream =
                watching(
                        env,
                        audits,
                        AuditFileSource.readers(AUDIT_PARSER, MAX_DOCUMENT_CHARS),
                        ParsedAudit.class,
                        AuditFileSource.watermarks(MAX_OUT_OF_ORDERNESS),
                        Uids.AUDIT_FILE_SOURCE);
        DataStream<ParsedObject> objectStream =
                watching(
                        env,
                        objects,
                        ObjectFileSource.readers(OBJECT_PARSER, MAX_DOCUMENT_CHARS),
                        ParsedObject.class,
                        ObjectFileSource.watermarks(MAX_OUT_OF_ORDERNESS),
                        Uids.OBJECT_FILE_SOURCE);
        TracingPipeline.trace(auditStream, objectStream, SETTINGS)
                .writeTo(
                        List.of(
                                new SpanOutput(
                                        "collect",
                                        "collect spans",
                                        CollectingSink.named(run + "-spans"),
                                        false)),
                        CollectingSink.named(run + "-rejected"));
        return env.executeAsync(run);
    }

    /**
     * A source that reads the files in a directory and waits for more. Its watermarks come from
     * behind it: a file's own watermark goes when the file is read, and a small file is read before
     * the first one would have been emitted.
     */
    private static <T> DataStream<T> watching(
            StreamExecutionEnvironment env,
            Path directory,
            RecordReaderFactory<T> readers,
            Class<T> type,
            WatermarkStrategy<T> watermarks,
            String uid) {
        FileSource<T> files =
                FileSource.forBulkFileFormat(
                                new RecordFileFormat<>(readers, TypeInformation.of(type)),
                                new org.apache.flink.core.fs.Path(directory.toUri()))
                        .monitorContinuously(Duration.ofMillis(100))
                        .build();
        return env.fromSource(
                        files,
                        WatermarkStrategy.noWatermarks(),
                        directory.getFileName() + " directory",
                        TypeInformation.of(type))
                .uid(uid)
                .assignTimestampsAndWatermarks(watermarks)
                .uid(uid + "-watermarks");
    }

    private static StreamExecutionEnvironment environment(Configuration config, int parallelism) {
        KubetraceEnvironment.essentials(config);
        config.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(parallelism);
        return env;
    }

    /**
     * Waits until the job has read a half, which the rejections of the lines that end each half
     * say, and traced it as far as its watermark goes, which the span sink's watermark says.
     */
    private static void awaitHalfTraced(String run, int half, int rejections) throws Exception {
        long watermark = rollout.watermarkAfter(half, MAX_OUT_OF_ORDERNESS);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (CollectingSink.collected(run + "-rejected").size() < rejections
                || CollectingSink.watermark(run + "-spans") < watermark) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "half "
                                + half
                                + " not traced; rejected so far: "
                                + CollectingSink.collected(run + "-rejected")
                                + ", watermark "
                                + CollectingSink.watermark(run + "-spans")
                                + " of "
                                + watermark);
            }
            Thread.sleep(50);
        }
    }

    private static String savepoints(String run) {
        return directory.resolve(run + "/savepoints").toUri().toString();
    }

    /** Cancels a job a failed assertion left running, so that it frees its slots. */
    private static void cancelIfRunning(JobClient job) throws Exception {
        JobStatus status;
        try {
            status = job.getJobStatus().get();
        } catch (ExecutionException | IllegalStateException clusterGone) {
            // A job that ran on a cluster of its own took that cluster down when it ended; an
            // exception here would hide the one that brought the test here.
            return;
        }
        if (!status.isGloballyTerminalState()) {
            job.cancel().get();
        }
    }
}
