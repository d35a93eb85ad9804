package io.kubetrace.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubetrace.jobs.BackfillJob;
import io.kubetrace.jobs.BackfillReport;
import io.kubetrace.jobs.KubetraceEnvironment;
import io.kubetrace.jobs.PipelineSettings;
import io.kubetrace.jobs.SpanOutput;
import io.kubetrace.sinks.RejectionFileSink;
import io.kubetrace.sources.audit.AuditSourceOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * One whole-pipeline backfill of an audit log, as {@code kubetrace backfill} runs it (the same job,
 * a local Flink with RocksDB state), on a given number of slots, into Jaeger JSON files or into a
 * sink that discards the spans. Writes the job's counts and rate as JSON. {@link Bench} runs it in
 * a JVM of its own per measurement, so that no run warms up or fills the heap for the next.
 *
 * <p>Run: {@code ... io.kubetrace.bench.BackfillThroughput AUDIT_LOG SLOTS jaeger|discard WORK_DIR
 * RESULT_JSON}
 */
public final class BackfillThroughput {

    /** Where the spans go. */
    enum Sink {
        /** One Jaeger JSON file per trace, as {@code backfill --out} writes them. */
        JAEGER,
        /** Nowhere: what the pipeline costs without writing its output. */
        DISCARD
    }

    private BackfillThroughput() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            throw new IllegalArgumentException(
                    "usage: BackfillThroughput AUDIT_LOG SLOTS jaeger|discard WORK_DIR"
                            + " RESULT_JSON");
        }
        Path auditLog = Path.of(args[0]);
        int slots = Integer.parseInt(args[1]);
        Sink sink = Sink.valueOf(args[2].toUpperCase(java.util.Locale.ROOT));
        Path work = Path.of(args[3]);
        Path result = Path.of(args[4]);
        if (!Files.isRegularFile(auditLog)) {
            throw new IllegalArgumentException("no audit log at " + auditLog);
        }
        Files.createDirectories(work);
        Path traces = work.resolve("traces");
        Configuration config = new Configuration();
        BackfillJob job =
                new BackfillJob(
                        BackfillJob.Inputs.files(List.of(auditLog), List.of(), config),
                        List.of(
                                sink == Sink.JAEGER
                                        ? SpanOutput.traceFiles(traces)
                                        : new SpanOutput(
                                                "discard-spans",
                                                "discard spans",
                                                new DiscardingSink<>(),
                                                false)),
                        new RejectionFileSink(work.resolve("rejected.jsonl")),
                        PipelineSettings.from(config),
                        config.get(AuditSourceOptions.MAX_OUT_OF_ORDERNESS));
        StreamExecutionEnvironment env =
                KubetraceEnvironment.local(config, slots, work.resolve("rocksdb"));
        job.build(env);
        BackfillReport report = BackfillReport.of(env.execute("kubetrace backfill bench"), 1);
        System.out.printf("%d slot(s), %s sink: %s%n", slots, args[2], report.summary());
        Map<String, Object> json = report.asJson();
        json.put("slots", slots);
        json.put("sink", args[2]);
        json.put("input_bytes", Files.size(auditLog));
        json.put("events_per_second_exact", report.eventsPerSecond());
        new ObjectMapper().writeValue(result.toFile(), json);
    }
}
