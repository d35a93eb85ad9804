package io.kubetrace.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubetrace.jobs.SharedData;
import io.kubetrace.model.SpanRecord;
import io.kubetrace.sinks.TraceFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The CLI as a person runs it: exit codes, messages, the report, the demo. */
class KubetraceCliTest {

    @TempDir Path directory;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = KubetraceCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void backfillsTheFalcoCapturesAndReportsCountsThatAddUp() throws Exception {
        Path traces = directory.resolve("t");
        Path report = directory.resolve("reports/r.json");

        int exit =
                run(
                        "backfill",
                        "--audit-log",
                        SharedData.path("audit/falco").toString(),
                        "--out",
                        traces.toString(),
                        "--report",
                        report.toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains(
                        "kubetrace backfill: read 40 audit events: 0 rejected, 2 filtered, 1"
                                + " deduplicated, 37 traced (0 late) from 40 files");
        JsonNode counts = new ObjectMapper().readTree(report.toFile());
        assertThat(counts.path("read").asLong())
                .isEqualTo(
                        counts.path("rejected").asLong()
                                + counts.path("filtered").asLong()
                                + counts.path("deduplicated").asLong()
                                + counts.path("traced").asLong());
        long spans = 0;
        try (Stream<Path> files = Files.list(traces)) {
            List<Path> traceFiles = files.filter(TraceFiles::isTraceFile).toList();
            assertThat(traceFiles).hasSize(counts.path("traces").asInt());
            for (Path file : traceFiles) {
                List<SpanRecord> trace = TraceFiles.read(file);
                Set<String> ids = new HashSet<>();
                trace.forEach(span -> ids.add(span.spanId()));
                assertThat(trace.stream().filter(SpanRecord::isRoot)).hasSize(1);
                assertThat(trace)
                        .filteredOn(span -> !span.isRoot())
                        .allSatisfy(span -> assertThat(ids).contains(span.parentSpanId()));
                spans += trace.size();
            }
        }
        assertThat(spans).isEqualTo(counts.path("spans").asLong());
    }

    @Test
    void printsTheTreeOfASmallBackfillWithoutBeingAsked() {
        int exit =
                run(
                        "backfill",
                        "--objects",
                        SharedData.path("events/kspan-deployment-2-pods.yaml").toString(),
                        "--out",
                        directory.resolve("px").toString());

        assertThat(exit).isEqualTo(0);
        String printed = out.toString();
        assertThat(printed).contains("deployments default/px ").contains("-> 26 spans in 1 trace");
        assertThat(printed.lines().filter(line -> line.contains("replicasets default/px-")))
                .hasSize(2);
        assertThat(printed.lines().filter(line -> line.contains("pods default/px-"))).hasSize(4);

        out.getBuffer().setLength(0);
        run(
                "backfill",
                "--no-print",
                "--objects",
                SharedData.path("events/kspan-deployment-2-pods.yaml").toString(),
                "--out",
                directory.resolve("px-quiet").toString());
        assertThat(out.toString()).doesNotContain("deployments default/px");
    }

    @Test
    void saysWhichInputIsMissingAndFails() {
        int exit =
                run(
                        "backfill",
                        "--audit-log",
                        directory.resolve("nope.log").toString(),
                        "--out",
                        directory.resolve("t").toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString())
                .startsWith("kubetrace backfill: no such file or directory: ")
                .contains("nope.log")
                .doesNotContain("Exception");
    }

    @Test
    void saysWhenTheOutputCannotBeWrittenAndFails() throws Exception {
        Path file = Files.writeString(directory.resolve("a-file"), "x");

        int exit =
                run(
                        "backfill",
                        "--audit-log",
                        SharedData.path("audit/falco").toString(),
                        "--out",
                        file.resolve("traces").toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString())
                .startsWith("kubetrace backfill: cannot write to output directory");
    }

    @Test
    void takesTheClusterNameFromTheSettingsWhenNoOptionGivesIt() throws Exception {
        Path traces = directory.resolve("t");

        int exit =
                run(
                        "backfill",
                        "--audit-log",
                        SharedData.path("audit/falco/create_deployment.json").toString(),
                        "--out",
                        traces.toString(),
                        "--set",
                        "audit.cluster=prod-eu");

        assertThat(exit).as(err.toString()).isZero();
        try (Stream<Path> files = Files.list(traces)) {
            Path trace = files.filter(TraceFiles::isTraceFile).findFirst().orElseThrow();
            assertThat(TraceFiles.read(trace))
                    .allSatisfy(span -> assertThat(span.cluster()).isEqualTo("prod-eu"));
        }
    }

    @Test
    void refusesALinkGraceThatOutlastsTheWindowLateness() {
        int exit =
                run(
                        "backfill",
                        "--audit-log",
                        SharedData.path("audit/falco").toString(),
                        "--out",
                        directory.resolve("t").toString(),
                        "--set",
                        "link.grace=10min");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString())
                .startsWith(
                        "kubetrace backfill: link.grace (PT10M) must be shorter than trace.lateness"
                                + " (PT5M)");
    }

    @Test
    void sendTakesALongestPauseOnlyForARealTimeReplay() {
        String[] send = {"send", "--to", "http://127.0.0.1:1/audit/demo", "--audit-log", "x"};
        List<List<String>> wrong =
                List.of(
                        List.of("--max-gap", "PT5S"),
                        List.of("--now", "--rate", "10", "--max-gap", "PT5S"),
                        List.of("--now", "--max-gap", "-PT1S"));
        List<String> said = new ArrayList<>();
        for (List<String> options : wrong) {
            err.getBuffer().setLength(0);
            List<String> args = new ArrayList<>(List.of(send));
            args.addAll(options);

            assertThat(run(args.toArray(String[]::new))).isEqualTo(1);
            said.add(err.toString().strip());
        }

        assertThat(said)
                .containsExactly(
                        "kubetrace send: --max-gap is for --now without --rate: it shortens the"
                                + " recorded pauses",
                        "kubetrace send: --max-gap is for --now without --rate: it shortens the"
                                + " recorded pauses",
                        "kubetrace send: --max-gap cannot be negative: PT-1S");
    }

    @Test
    void rejectsUnknownOptionsWithUsage() {
        assertThat(run("backfill", "--audit-log", "x", "--out", "y", "--window", "1h"))
                .isEqualTo(2);
        assertThat(err.toString())
                .contains("Unknown options: '--window', '1h'")
                .contains("Usage: kubetrace backfill");
    }

    @Test
    void writesRejectedLinesWithFileLineAndReason() throws Exception {
        Path log = directory.resolve("audit.log");
        Files.writeString(
                log,
                Files.readString(SharedData.path("audit/falco/create_deployment.json")).strip()
                        + "\nthis is not json\n");

        int exit =
                run(
                        "backfill",
                        "--audit-log",
                        log.toString(),
                        "--out",
                        directory.resolve("t").toString());

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("1 rejected").contains("rejected.jsonl");
        JsonNode rejection =
                new ObjectMapper()
                        .readTree(Files.readString(directory.resolve("t/rejected.jsonl")));
        assertThat(rejection.path("source").asText()).isEqualTo(log.toString());
        assertThat(rejection.path("line").asInt()).isEqualTo(2);
        assertThat(rejection.path("reason").asText()).startsWith("not JSON");
    }

    @Test
    void demoPrintsTheSimulatedDeploymentTreeAndTheRealCaptures() {
        int exit =
                run(
                        "demo",
                        "--out",
                        directory.toString(),
                        "--examples",
                        SharedData.path("audit/falco").toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("deployments team-1/web-0")
                .contains("├─ replicasets team-1/web-0-")
                .contains("system:serviceaccount:kube-system:replicaset-controller create")
                .contains("deployments default/nginx-deployment")
                .contains("Jaeger JSON files, one per trace: ");
    }
}
