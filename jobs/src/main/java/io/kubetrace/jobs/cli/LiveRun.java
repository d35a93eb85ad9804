package io.kubetrace.jobs.cli;

import io.kubetrace.jobs.KubetraceEnvironment;
import io.kubetrace.jobs.LiveJob;
import io.kubetrace.jobs.LiveSettings;
import io.kubetrace.jobs.PipelineSettings;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.TimeUtils;

/**
 * Runs the live job: submitted to the Flink cluster when the CLI runs inside one ({@code flink
 * run}, the operator's application mode), else in this JVM with its checkpoints and savepoints
 * under a state directory, until it is stopped.
 */
final class LiveRun {

    static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(30);

    /**
     * How long a stop waits for its savepoint before leaving the last checkpoint to resume from.
     */
    private static final Duration SAVEPOINT_TIMEOUT = Duration.ofMinutes(2);

    private LiveRun() {}

    /**
     * @param backfillAuditLogs audit log files or directories traced before the topic; may be empty
     * @param out where trace files go; {@code null} when the traces only go over OTLP
     * @param stateDirectory where a local job keeps checkpoints, savepoints and RocksDB files
     */
    static void run(
            Configuration config,
            List<Path> backfillAuditLogs,
            Path out,
            Path stateDirectory,
            int parallelism,
            PrintWriter console)
            throws Exception {
        TraceSinks.requireDestination(out, config);
        LiveSources sources = LiveSources.from(config, backfillAuditLogs);
        LiveJob job =
                new LiveJob(
                        sources.inputs(),
                        TraceSinks.spans(out, config),
                        TraceSinks.rejections(out),
                        PipelineSettings.from(config),
                        LiveSettings.from(config));
        StreamExecutionEnvironment context =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        KubetraceEnvironment.essentials(new Configuration(config)));
        if (!(context instanceof LocalStreamEnvironment)) {
            // Inside a Flink cluster, whose configuration holds checkpoints and state.
            job.build(context);
            context.execute("kubetrace run");
            return;
        }
        runLocally(job, config, stateDirectory, parallelism, sources, console);
    }

    private static void runLocally(
            LiveJob job,
            Configuration config,
            Path stateDirectory,
            int parallelism,
            LiveSources sources,
            PrintWriter console)
            throws Exception {
        Configuration local = new Configuration(config);
        Path checkpoints = stateDirectory.resolve("checkpoints").toAbsolutePath();
        Path savepoints = stateDirectory.resolve("savepoints").toAbsolutePath();
        Files.createDirectories(checkpoints);
        Files.createDirectories(savepoints);
        defaultTo(local, CheckpointingOptions.CHECKPOINTING_INTERVAL, DEFAULT_CHECKPOINT_INTERVAL);
        defaultTo(
                local, CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        defaultTo(local, CheckpointingOptions.SAVEPOINT_DIRECTORY, savepoints.toUri().toString());
        defaultTo(local, CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        // A stopped or crashed job leaves its last checkpoint to resume from.
        local.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        // RocksDB's working files; a job restores from checkpoints, never from these, so what a
        // previous run left is stale.
        Path rocksdb = stateDirectory.resolve("rocksdb");
        Directories.deleteRecursively(rocksdb);
        Files.createDirectories(rocksdb);
        StreamExecutionEnvironment env = KubetraceEnvironment.local(local, parallelism, rocksdb);
        job.build(env);
        JobClient client = env.executeAsync("kubetrace run");
        sources.description().forEach(line -> console.println("kubetrace run: " + line));
        local.getOptional(StateRecoveryOptions.SAVEPOINT_PATH)
                .ifPresent(path -> console.println("resumed from " + path));
        console.printf(
                "checkpoints every %s in %s; Ctrl-C stops with a savepoint to resume from%n",
                TimeUtils.formatWithHighestUnit(
                        local.get(CheckpointingOptions.CHECKPOINTING_INTERVAL)),
                local.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY));
        console.flush();
        Thread stopper =
                new Thread(
                        () ->
                                stop(
                                        client,
                                        local.get(CheckpointingOptions.SAVEPOINT_DIRECTORY),
                                        console),
                        "kubetrace-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            client.getJobExecutionResult().get();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // The hook is what ended the job; it says where the savepoint is.
            }
        }
    }

    /** Stops the job with a savepoint and says how to resume from it. */
    private static void stop(JobClient client, String savepointDirectory, PrintWriter console) {
        console.println("kubetrace run: stopping with a savepoint ...");
        console.flush();
        try {
            String savepoint =
                    client.stopWithSavepoint(
                                    false, savepointDirectory, SavepointFormatType.CANONICAL)
                            .get(SAVEPOINT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            console.println("stopped; resume with: kubetrace run ... --restore " + savepoint);
        } catch (Exception e) {
            console.println(
                    "kubetrace run: no savepoint ("
                            + CliErrors.describe(e)
                            + "); resume from the last checkpoint with --restore latest");
        }
        console.flush();
    }

    private static <T> void defaultTo(Configuration config, ConfigOption<T> option, T value) {
        if (!config.contains(option)) {
            config.set(option, value);
        }
    }
}
