package io.kubetrace.jobs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.kubetrace.jobs.BackfillReport;
import io.kubetrace.sinks.otlp.OtlpOptions;
import io.kubetrace.sources.audit.AuditSourceOptions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kubetrace backfill}: historical audit logs in, Jaeger JSON traces out. */
@Command(
        name = "backfill",
        header = "Trace historical audit logs into Jaeger JSON files.",
        mixinStandardHelpOptions = true,
        description = {
            "Trace historical audit logs: a bounded Flink job on this machine (RocksDB state).",
            "Reads JSON lines (as --audit-log-path writes them), single events, JSON arrays,"
                    + " EventLists, GKE and AKS log envelopes; plain or gzip. Unusable input is"
                    + " counted and written to <out>/rejected.jsonl with file, line and reason."
        })
final class BackfillCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    @Option(
            names = "--audit-log",
            arity = "1..*",
            paramLabel = "PATH",
            description = "Audit log files, or directories of them (every file inside).")
    List<Path> auditLogs = new ArrayList<>();

    @Option(
            names = "--objects",
            arity = "1..*",
            paramLabel = "PATH",
            description =
                    "Kubernetes objects and Events (JSON, JSON lines, Lists, watch events, or"
                            + " multi-document YAML such as a kspan capture), or directories of"
                            + " them. Events become Event spans; other objects give diffs and"
                            + " parents.")
    List<Path> objects = new ArrayList<>();

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description =
                    "Directory for one Jaeger JSON file per trace (<traceId>.json) and"
                            + " rejected.jsonl. Give --out, --otlp-endpoint, or both.")
    Path out;

    @Mixin OtlpFlags otlp;

    @Option(
            names = "--cluster",
            paramLabel = "NAME",
            description =
                    "Cluster name for events that do not carry one (default: default, or"
                            + " audit.cluster when set).")
    String cluster;

    @Option(
            names = "--report",
            paramLabel = "FILE",
            description = "Also write the counts as a JSON object to FILE.")
    Path report;

    @Mixin JobFlags job;

    /** Traces few enough to print as trees without being asked. */
    private static final long PRINTED_BY_DEFAULT = 5;

    @Option(
            names = "--print",
            negatable = true,
            description =
                    "Print every trace as a tree when the job is done (default: when it made at"
                            + " most "
                            + PRINTED_BY_DEFAULT
                            + " traces).")
    Boolean print;

    @Override
    public Integer call() throws Exception {
        Configuration config = job.over(new Configuration());
        if (cluster != null) {
            config.set(AuditSourceOptions.CLUSTER, cluster);
        }
        otlp.applyTo(config);
        BackfillReport result = BackfillRun.run(auditLogs, objects, out, config, job.parallelism);
        boolean printTrees = print != null ? print : result.traces() <= PRINTED_BY_DEFAULT;
        if (printTrees && out != null) {
            TraceTrees.print(out, out());
        }
        out().println("kubetrace backfill: " + result.summary());
        if (out != null) {
            out().println("traces: " + out.toAbsolutePath());
        }
        if (config.getOptional(OtlpOptions.ENDPOINT).isPresent()) {
            out().println("traces sent over OTLP to " + config.get(OtlpOptions.ENDPOINT));
        }
        if (result.rejected() > 0 && out != null) {
            out().println(
                            "rejected input, with file, line and reason: "
                                    + out.resolve(TraceOutput.REJECTED_FILE).toAbsolutePath());
        }
        if (report != null) {
            Path parent = report.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(report.toFile(), result.asJson());
        }
        return 0;
    }
}
