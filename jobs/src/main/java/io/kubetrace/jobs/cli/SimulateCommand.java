package io.kubetrace.jobs.cli;

import io.kubetrace.jobs.simulate.AuditSimulator;
import io.kubetrace.jobs.simulate.SimulationOptions;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.zip.GZIPOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kubetrace simulate}: SYNTHETIC audit logs of realistic controller activity. */
@Command(
        name = "simulate",
        header = "Write SYNTHETIC audit logs of Deployments, CronJobs and StatefulSets.",
        mixinStandardHelpOptions = true,
        description = {
            "Write SYNTHETIC RequestResponse-level audit events, one JSON object a line, as"
                    + " kube-apiserver records them for Deployments (create, rollout, scale up,"
                    + " image update, scale down, delete and garbage collection), CronJobs"
                    + " (Job, Pod, completion) and StatefulSets (ordered Pods), with the users,"
                    + " user agents and request URIs of the real controllers. Each event also"
                    + " carries a 'cluster' field, as the kubetrace gateway forwards them.",
            "Not captured from a cluster: use it to try kubetrace and to benchmark it."
        })
final class SimulateCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    @Option(
            names = "--out",
            required = true,
            paramLabel = "FILE",
            description = "Where to write; a name ending in .gz is gzipped.")
    Path out;

    @Option(
            names = "--keep",
            description =
                    "Leave Deployments and StatefulSets running at the end instead of deleting"
                            + " them: the objects of a steady cluster.")
    boolean keep;

    @Option(
            names = "--objects-out",
            paramLabel = "FILE",
            description =
                    "Also write every object version (as watch events, with the time a watch saw"
                            + " them) and every Kubernetes Event the controllers and kubelets"
                            + " recorded, for backfill --objects; .gz is gzipped.")
    Path objectsOut;

    @Option(
            names = "--deployments",
            paramLabel = "N",
            defaultValue = "1",
            description = "Deployments (default: ${DEFAULT-VALUE}).")
    int deployments;

    @Option(
            names = "--replicas",
            paramLabel = "N",
            defaultValue = "2",
            description = "Pods per Deployment and StatefulSet (default: ${DEFAULT-VALUE}).")
    int replicas;

    @Option(
            names = "--cronjobs",
            paramLabel = "N",
            defaultValue = "0",
            description = "CronJobs, each running twice (default: ${DEFAULT-VALUE}).")
    int cronJobs;

    @Option(
            names = "--statefulsets",
            paramLabel = "N",
            defaultValue = "0",
            description = "StatefulSets (default: ${DEFAULT-VALUE}).")
    int statefulSets;

    @Option(
            names = "--clusters",
            paramLabel = "N",
            defaultValue = "1",
            description = "Clusters sim-1..N (default: ${DEFAULT-VALUE}).")
    int clusters;

    @Option(
            names = "--namespaces",
            paramLabel = "N",
            defaultValue = "1",
            description = "Namespaces team-1..N per cluster (default: ${DEFAULT-VALUE}).")
    int namespaces;

    @Option(
            names = "--nodes",
            paramLabel = "N",
            defaultValue = "3",
            description = "Nodes per cluster (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(
            names = "--start",
            paramLabel = "TIME",
            defaultValue = "2026-11-01T10:00:00Z",
            description = "When the first workload is created (default: ${DEFAULT-VALUE}).")
    Instant start;

    @Option(
            names = "--spread",
            paramLabel = "DURATION",
            defaultValue = "PT10M",
            description =
                    "Time over which workloads are created, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration spread;

    @Option(
            names = "--seed",
            paramLabel = "N",
            defaultValue = "1",
            description =
                    "Random seed; the same options write the same file (default:"
                            + " ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws IOException {
        if (deployments < 0
                || cronJobs < 0
                || statefulSets < 0
                || replicas < 1
                || clusters < 1
                || namespaces < 1
                || nodes < 1) {
            throw new CliErrors.UsageException(
                    "counts must not be negative; replicas, clusters, namespaces and nodes at least"
                            + " 1");
        }
        SimulationOptions options =
                new SimulationOptions(
                        deployments,
                        replicas,
                        cronJobs,
                        statefulSets,
                        clusters,
                        namespaces,
                        nodes,
                        start,
                        spread,
                        seed,
                        keep);
        AuditSimulator.Written written = write(options, out, objectsOut);
        out().println(
                        "kubetrace simulate: wrote "
                                + written.auditEvents()
                                + " SYNTHETIC audit events of "
                                + options.workloads()
                                + " workloads to "
                                + out.toAbsolutePath()
                                + (objectsOut == null
                                        ? ""
                                        : ", and "
                                                + written.objectsAndEvents()
                                                + " object versions and Events to "
                                                + objectsOut.toAbsolutePath()));
        return 0;
    }

    /**
     * Writes a simulation's audit log to a file, and its object versions and Events to another when
     * one is given (gzipped when a name ends in .gz).
     */
    static AuditSimulator.Written write(SimulationOptions options, Path audit, Path objects)
            throws IOException {
        try (Writer auditWriter = open(audit);
                Writer objectWriter = objects == null ? null : open(objects)) {
            return new AuditSimulator(options).write(auditWriter, objectWriter);
        }
    }

    private static Writer open(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        OutputStream raw = Files.newOutputStream(file);
        OutputStream stream =
                file.toString().endsWith(".gz") ? new GZIPOutputStream(raw, 1 << 16) : raw;
        return new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
    }
}
