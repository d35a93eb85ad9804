package io.kubetrace.jobs.cli;

import io.kubetrace.jobs.BackfillReport;
import io.kubetrace.jobs.simulate.AuditSimulator;
import io.kubetrace.jobs.simulate.SimulationOptions;
import io.kubetrace.sinks.TraceFiles;
import io.kubetrace.sinks.otlp.OtlpOptions;
import io.kubetrace.sources.audit.AuditSourceOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kubetrace demo}: the embedded default. Simulates a Deployment rollout, a CronJob and a
 * StatefulSet, adds the real audit events captured by Falco's project, traces them all with the
 * backfill job, prints the trees and says where the Jaeger JSON files are.
 */
@Command(
        name = "demo",
        header = "Trace a simulated rollout and real audit captures; print the trees.",
        mixinStandardHelpOptions = true,
        description = {
            "Trace a SYNTHETIC Deployment rollout, CronJob and StatefulSet plus real captured audit"
                    + " events (examples/audit/falco) on a local Flink, print the trace trees and"
                    + " write Jaeger JSON files."
        })
final class DemoCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** The real files the demo traces, relative to the kubetrace checkout. */
    static final String EXAMPLE_AUDIT = "examples/audit/falco";

    static final String EXAMPLE_EVENTS = "examples/events/kspan-deployment-2-pods.yaml";

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Where the demo writes (default: ${DEFAULT-VALUE}).",
            defaultValue = "${java.io.tmpdir}/kubetrace-demo")
    Path out;

    @Option(
            names = "--examples",
            paramLabel = "DIR",
            description =
                    "The real audit files to trace (default: <kubetrace>/" + EXAMPLE_AUDIT + ").")
    Path examples;

    @Mixin OtlpFlags otlp;

    @Override
    public Integer call() throws Exception {
        Path traces = out.resolve("traces");
        TraceOutput.prepare(traces);
        clearTraceFiles(traces);
        Path simulated = out.resolve("simulated-audit.jsonl");
        Path simulatedObjects = out.resolve("simulated-objects.jsonl");
        AuditSimulator.Written written =
                SimulateCommand.write(
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
                                false),
                        simulated,
                        simulatedObjects);
        Path home = kubetraceHome();
        Path real = examples != null ? examples : home.resolve(EXAMPLE_AUDIT);
        Path capture = home.resolve(EXAMPLE_EVENTS);
        List<Path> objects =
                Files.exists(capture)
                        ? List.of(simulatedObjects, capture)
                        : List.of(simulatedObjects);
        out().println(
                        "kubetrace demo: tracing "
                                + written.auditEvents()
                                + " SYNTHETIC audit events with "
                                + written.objectsAndEvents()
                                + " object versions and Events ("
                                + out
                                + "), the real audit events in "
                                + real
                                + (Files.exists(capture)
                                        ? ", and the real rollout capture " + capture
                                        : ""));

        Configuration config = new Configuration();
        config.set(AuditSourceOptions.CLUSTER, "minikube");
        otlp.applyTo(config);
        BackfillReport report =
                BackfillRun.run(List.of(simulated, real), objects, traces, config, 2);

        TraceTrees.print(traces, out());
        out().println("kubetrace demo: " + report.summary());
        out().println();
        if (config.getOptional(OtlpOptions.ENDPOINT).isPresent()) {
            out().println(
                            "Sent over OTLP to "
                                    + config.get(OtlpOptions.ENDPOINT)
                                    + ": search Jaeger for service deployments.");
        }
        out().println("Jaeger JSON files, one per trace: " + traces.toAbsolutePath());
        out().println(
                        "To see them in Jaeger UI: start Jaeger (for example `docker run --rm -p"
                            + " 16686:16686 jaegertracing/all-in-one`), open"
                            + " http://localhost:16686, choose Search -> JSON File, and drop one or"
                            + " more of these files.");
        return 0;
    }

    /** The kubetrace checkout: set by the ./kubetrace launcher, else the working directory. */
    static Path kubetraceHome() {
        return Paths.get(System.getProperty("kubetrace.home", "."));
    }

    private static void clearTraceFiles(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(TraceFiles::isTraceFile).toList()) {
                Files.delete(file);
            }
        }
    }
}
