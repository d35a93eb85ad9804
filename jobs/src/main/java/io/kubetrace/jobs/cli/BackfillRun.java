package io.kubetrace.jobs.cli;

import io.kubetrace.jobs.BackfillJob;
import io.kubetrace.jobs.BackfillReport;
import io.kubetrace.jobs.KubetraceEnvironment;
import io.kubetrace.jobs.PipelineSettings;
import io.kubetrace.jobs.SpanOutput;
import io.kubetrace.jobs.cli.CliErrors.UsageException;
import io.kubetrace.sources.audit.AuditFiles;
import io.kubetrace.sources.audit.AuditSourceOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Runs the backfill job on a local Flink environment, as {@code backfill} and {@code demo} do. */
final class BackfillRun {

    private BackfillRun() {}

    /**
     * Runs the job.
     *
     * @param auditLogs audit log files or directories; may be empty when there are objects
     * @param objectFiles object and Event files or directories; may be empty when there are audit
     *     logs
     * @param out where trace files go; {@code null} when the traces only go over OTLP
     * @param config the job's settings; with {@code otlp.endpoint} the traces also go over OTLP
     */
    static BackfillReport run(
            List<Path> auditLogs,
            List<Path> objectFiles,
            Path out,
            Configuration config,
            int parallelism)
            throws Exception {
        TraceSinks.requireDestination(out, config);
        if (auditLogs.isEmpty() && objectFiles.isEmpty()) {
            throw new UsageException(
                    "say what to trace: --audit-log PATH, --objects PATH, or both");
        }
        List<Path> auditFiles = expand(auditLogs, "audit log");
        List<Path> objects = expand(objectFiles, "object");
        List<SpanOutput> outputs = TraceSinks.spans(out, config);
        BackfillJob job =
                new BackfillJob(
                        BackfillJob.Inputs.files(auditFiles, objects, config),
                        outputs,
                        TraceSinks.rejections(out),
                        PipelineSettings.from(config),
                        config.get(AuditSourceOptions.MAX_OUT_OF_ORDERNESS));
        Path state = Files.createTempDirectory("kubetrace-state-");
        try {
            StreamExecutionEnvironment env = KubetraceEnvironment.local(config, parallelism, state);
            job.build(env);
            JobExecutionResult result = env.execute("kubetrace backfill");
            return BackfillReport.of(result, auditFiles.size() + objects.size());
        } finally {
            Directories.deleteRecursively(state);
        }
    }

    /** The files under the paths given, or a usage error that names what is missing. */
    static List<Path> expand(List<Path> paths, String what) {
        if (paths.isEmpty()) {
            return List.of();
        }
        List<Path> files;
        try {
            files = AuditFiles.expand(paths);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (files.isEmpty()) {
            throw new UsageException("no " + what + " files in " + paths);
        }
        return files;
    }
}
