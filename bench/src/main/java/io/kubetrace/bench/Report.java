package io.kubetrace.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * {@code REPORT.md} from a run's {@code report.json}: the figures of the last run, the machine, the
 * date, the commit, the exact commands, and the goals met or missed. Everything below {@link #KEPT}
 * in the old report (notes and earlier figures written by hand) is kept as it is.
 */
final class Report {

    static final String KEPT =
            "<!-- Written by hand below this line; ./kubetrace bench rewrites everything above it."
                    + " -->";

    /** The goal: a 2-slot backfill at least this share of the raw parse rate. */
    static final double RATIO_GOAL = 0.5;

    /** The goal: linker and assembler state per tracked object under this. */
    static final double STATE_GOAL_BYTES = 300;

    private final StringBuilder out = new StringBuilder();

    private Report() {}

    /** The hand-written part of an existing report, or nothing. */
    static String keptSections(Path report) throws IOException {
        if (!Files.isRegularFile(report)) {
            return "";
        }
        String text = Files.readString(report);
        int kept = text.indexOf(KEPT);
        return kept < 0 ? "" : text.substring(kept + KEPT.length());
    }

    static String render(JsonNode report, String kept) {
        Report markdown = new Report();
        markdown.write(report);
        return markdown.out + KEPT + (kept.isEmpty() ? "\n" : kept);
    }

    private void write(JsonNode r) {
        JsonNode machine = r.path("machine");
        line("# Benchmark report");
        line("");
        line(
                "The last run of `./kubetrace bench`, written by it; `report.json` beside this file"
                        + " has the same figures.");
        line("");
        line("- Date: " + r.path("date").asText() + "; commit " + r.path("commit").asText() + ".");
        line(
                String.format(
                        Locale.ROOT,
                        "- Machine: %d cores (%s), %.0f GiB, %s, %s. Load average %.2f when the run"
                            + " began, %.2f at its end (other work on the machine takes CPU from"
                            + " the benchmarks).",
                        machine.path("cores").asInt(),
                        machine.path("cpu").asText(),
                        machine.path("memoryGiB").asDouble(),
                        machine.path("jvm").asText(),
                        machine.path("os").asText(),
                        machine.path("loadAverage").asDouble(),
                        r.path("load_average_at_end").asDouble()));
        line(
                String.format(
                        Locale.ROOT,
                        "- The whole run took %.1f minutes:",
                        r.path("total_minutes").asDouble()));
        r.path("steps")
                .properties()
                .forEach(
                        step ->
                                line(
                                        String.format(
                                                Locale.ROOT,
                                                "  %s %.0f s;",
                                                step.getKey(),
                                                step.getValue().asDouble())));
        line("");
        goals(r);
        inputs(r);
        parse(r);
        backfill(r);
        state(r);
        differ(r);
        profile(r);
        live(r);
        line("## Commands");
        line("");
        line(
                "`$BENCH_CLASSPATH` is `bench/target/classes` and"
                        + " `bench/target/bench-classpath.txt`.");
        line("");
        line("```");
        r.path("commands").forEach(command -> line(command.asText()));
        line("```");
        line("");
    }

    private void goals(JsonNode r) {
        double ratio = r.path("ratio_2slots_to_parse").asDouble();
        double state = r.path("state_bytes_per_object").asDouble();
        line("## Goals");
        line("");
        line("| goal | measured | |");
        line("|---|---|---|");
        line(
                String.format(
                        Locale.ROOT,
                        "| backfill on 2 slots ≥ %.1f× the single-thread raw parse of the same file"
                            + " (simulated, Jaeger JSON) | %,.0f events/s = %.3f× of %,.0f | %s |",
                        RATIO_GOAL,
                        r.path("backfill_events_per_s_2slots").asDouble(),
                        ratio,
                        r.path("parse_events_per_s").asDouble(),
                        ratio >= RATIO_GOAL
                                ? "met"
                                : String.format(
                                        Locale.ROOT,
                                        "missed: %.1f× too slow (%,.0f events/s more needed)",
                                        RATIO_GOAL / ratio,
                                        RATIO_GOAL * r.path("parse_events_per_s").asDouble()
                                                - r.path("backfill_events_per_s_2slots")
                                                        .asDouble())));
        line(
                String.format(
                        Locale.ROOT,
                        "| linker + assembler state < %.0f B per tracked object | %.0f B (linker"
                                + " %.0f, assembler %.0f) | %s |",
                        STATE_GOAL_BYTES,
                        state,
                        r.path("state_linker_bytes_per_object").asDouble(),
                        r.path("state_assembler_bytes_per_object").asDouble(),
                        state < STATE_GOAL_BYTES
                                ? "met"
                                : String.format(
                                        Locale.ROOT,
                                        "missed by %.0f B",
                                        state - STATE_GOAL_BYTES)));
        line("");
    }

    private void inputs(JsonNode r) {
        JsonNode simulated = r.path("simulated");
        JsonNode options = simulated.path("options");
        JsonNode hkerma = r.path("hkerma");
        line("## Inputs");
        line("");
        line(
                String.format(
                        Locale.ROOT,
                        "- **simulated**: %,d SYNTHETIC RequestResponse audit events"
                            + " (`AuditSimulator`): %,d Deployments of %d replicas (created, scaled"
                            + " up, rolled out to a new image, scaled down, kept), %,d CronJobs,"
                            + " %,d StatefulSets, in %d namespaces of %d clusters, created over"
                            + " %s.",
                        simulated.path("events").asLong(),
                        options.path("deployments").asInt(),
                        options.path("replicas").asInt(),
                        options.path("cronJobs").asInt(),
                        options.path("statefulSets").asInt(),
                        options.path("namespaces").asInt(),
                        options.path("clusters").asInt(),
                        options.path("spread").asText()));
        line(
                String.format(
                        Locale.ROOT,
                        "- **hkerma**: %,d Metadata-level audit events, the %,d rows of"
                            + " `hkerma-audit-logs.csv` (a real kubeadm cluster doing Helm"
                            + " installs; %d row cut short and left out) each turned back into the"
                            + " audit event it came from and repeated %d times with shifted times"
                            + " and renamed objects (`HkermaLoad`). Most of it is reads (`get`,"
                            + " `list`, `watch`), which the filter drops.",
                        hkerma.path("events").asLong(),
                        hkerma.path("rows").asInt(),
                        hkerma.path("rows_cut_short").asInt(),
                        hkerma.path("copies").asInt()));
        line("");
    }

    private void parse(JsonNode r) {
        line("## The limit: parsing the same bytes (JMH, one thread)");
        line("");
        line(
                "Every k-th line of each file (spread over all of it), held in memory. *Raw parse*"
                    + " is Jackson's `readTree` of each line's bytes: the limit. *kubetrace audit"
                    + " parser* is the file source's own path from bytes to the `AuditRecord`"
                    + " (`AuditDocumentReader`, `AuditEventParser`).");
        line("");
        line(
                "| input | bytes/event | sample | raw parse events/s | raw MB/s | audit parser"
                        + " events/s | audit parser MB/s |");
        line("|---|---|---|---|---|---|---|");
        r.path("parse")
                .properties()
                .forEach(
                        entry -> {
                            JsonNode p = entry.getValue();
                            line(
                                    String.format(
                                            Locale.ROOT,
                                            "| %s | %.0f | %,d lines (every %d) | %,.0f ± %,.0f |"
                                                    + " %.1f | %,.0f ± %,.0f | %.1f |",
                                            entry.getKey(),
                                            p.path("bytes_per_event").asDouble(),
                                            p.path("sample_lines").asLong(),
                                            p.path("sample_every").asLong(),
                                            p.path("raw_events_per_s").asDouble(),
                                            p.path("raw_events_per_s_error").asDouble(),
                                            p.path("raw_mb_per_s").asDouble(),
                                            p.path("audit_parser_events_per_s").asDouble(),
                                            p.path("audit_parser_events_per_s_error").asDouble(),
                                            p.path("audit_parser_mb_per_s").asDouble()));
                        });
        line("");
    }

    private void backfill(JsonNode r) {
        line("## Backfill throughput (whole pipeline, RocksDB state)");
        line("");
        line(
                "Read → parse → filter → dedup → link → assemble → sink, the job `kubetrace"
                        + " backfill` runs, each run in a JVM of its own ("
                        + ChildJvm.HEAP
                        + "). Events/s is events read over the job's run time (from submission to"
                        + " its end). The ratio is to the raw parse rate of the same file above.");
        line("");
        line(
                "| input | slots | sink | events | spans | traces | seconds | events/s | MB/s |"
                        + " ratio to raw parse |");
        line("|---|---|---|---|---|---|---|---|---|---|");
        for (JsonNode run : r.path("backfill")) {
            String input = run.path("input").asText();
            double parse = r.path("parse").path(input).path("raw_events_per_s").asDouble();
            double rate = run.path("events_per_second_exact").asDouble();
            double seconds = run.path("seconds").asDouble();
            line(
                    String.format(
                            Locale.ROOT,
                            "| %s | %d | %s%s | %,d | %,d | %,d | %.1f | %,.0f | %.1f | %.3f |",
                            input,
                            run.path("slots").asInt(),
                            run.path("sink").asText().equals("jaeger")
                                    ? "Jaeger JSON files"
                                    : "discard",
                            run.path("profiled").asBoolean() ? " (JFR on)" : "",
                            run.path("read").asLong(),
                            run.path("spans").asLong(),
                            run.path("traces").asLong(),
                            seconds,
                            rate,
                            run.path("input_bytes").asDouble() / seconds / 1e6,
                            rate / parse));
        }
        line("");
    }

    private void state(JsonNode r) {
        JsonNode state = r.path("state");
        long live = state.path("objects_live").asLong();
        line("## State per tracked object after the simulated backfill");
        line("");
        line(
                String.format(
                        Locale.ROOT,
                        "The simulated file backfilled again on 2 slots with RocksDB, kept running"
                            + " once everything was read and every window had closed (%.0f s), then"
                            + " a native savepoint (RocksDB's own files, what the goal measures)"
                            + " and a canonical one (Flink's portable format) taken. Their size per"
                            + " operator over the objects still there at the end of the log (%,d of"
                            + " %,d seen: %s). The differ is not in this job: it diffs object"
                            + " versions, and this input is an audit log alone.",
                        state.path("backfill_seconds").asDouble(),
                        live,
                        state.path("objects_seen").asLong(),
                        state.path("live_by_kind").toString()));
        line("");
        line("| operator | native bytes | per live object | canonical bytes | per live object |");
        line("|---|---|---|---|---|");
        JsonNode canonical = state.path("canonical_bytes_by_operator");
        for (Map.Entry<String, JsonNode> operator :
                state.path("native_bytes_by_operator").properties()) {
            long canonicalBytes = canonical.path(operator.getKey()).asLong();
            line(
                    String.format(
                            Locale.ROOT,
                            "| %s | %,d | %.0f | %,d | %.0f |",
                            operator.getKey(),
                            operator.getValue().asLong(),
                            perObject(operator.getValue().asDouble(), live),
                            canonicalBytes,
                            perObject(canonicalBytes, live)));
        }
        line(
                String.format(
                        Locale.ROOT,
                        "| whole savepoint on disk | %,d | %.0f | %,d | %.0f |",
                        state.path("native_savepoint_bytes").asLong(),
                        perObject(state.path("native_savepoint_bytes").asDouble(), live),
                        state.path("canonical_savepoint_bytes").asLong(),
                        perObject(state.path("canonical_savepoint_bytes").asDouble(), live)));
        line("");
    }

    private static double perObject(double bytes, long objects) {
        return objects == 0 ? 0 : bytes / objects;
    }

    private void differ(JsonNode r) {
        line("## Differ (JMH, one thread)");
        line("");
        line(
                "`diff`: `FieldDiff` on the two parsed versions; `parse + diff`: both versions"
                    + " parsed from their JSON first, as `ObjectDiffer` does for every update. See"
                    + " `DifferBenchmark` for the objects and their changes.");
        line("");
        line("| object | JSON characters | diffs/s | parse + diff /s |");
        line("|---|---|---|---|");
        for (JsonNode row : r.path("differ")) {
            line(
                    String.format(
                            Locale.ROOT,
                            "| %s | %,d | %,.0f | %,.0f |",
                            row.path("object").asText(),
                            row.path("json_chars").asInt(),
                            row.path("diff_per_s").asDouble(),
                            row.path("parse_and_diff_per_s").asDouble()));
        }
        line("");
    }

    private void profile(JsonNode r) {
        JsonNode profile = r.path("profile");
        line("## Where the time goes (Java Flight Recorder, simulated, 2 slots, Jaeger JSON)");
        line("");
        line(
                String.format(
                        Locale.ROOT,
                        "%,d execution samples of the run marked \"JFR on\" above. A sample counts"
                                + " for the innermost frame that says what the code does (see"
                                + " `ProfileSummary`).",
                        profile.path("samples").asLong()));
        line("");
        shares("by thread (a Flink task is named after its operators)", profile.path("byThread"));
        shares("by activity", profile.path("byActivity"));
        shares("by method on top of the stack", profile.path("byTopMethod"));
    }

    private void shares(String title, JsonNode shares) {
        line("| " + title + " | share of samples |");
        line("|---|---|");
        shares.properties()
                .forEach(
                        share ->
                                line(
                                        String.format(
                                                Locale.ROOT,
                                                "| %s | %.1f%% |",
                                                share.getKey(),
                                                share.getValue().asDouble() * 100)));
        line("");
    }

    private void live(JsonNode r) {
        line("## Webhook gateway and live latency");
        line("");
        if (r.path("gateway").isMissingNode()) {
            line(r.path("live").asText("not measured"));
            line("");
            return;
        }
        line(
                "Gateway: audit events per second stored in Kafka (a KRaft broker in the"
                        + " benchmark's JVM, `acks=all`), 4 posters, "
                        + r.path("gateway_seconds_per_batch_size").asLong()
                        + " s per batch size after 5 s of warm-up. Posters, gateway and broker"
                        + " share the machine's cores.");
        line("");
        line("| batch | events/s | MB/s | POST p50 ms | POST p99 ms | refused |");
        line("|---|---|---|---|---|---|");
        for (JsonNode batch : r.path("gateway")) {
            line(
                    String.format(
                            Locale.ROOT,
                            "| %d | %,.0f | %.1f | %.1f | %.1f | %d |",
                            batch.path("batchSize").asInt(),
                            batch.path("eventsPerSecond").asDouble(),
                            batch.path("megabytesPerSecond").asDouble(),
                            batch.path("postP50Millis").asDouble(),
                            batch.path("postP99Millis").asDouble(),
                            batch.path("refusals").asLong()));
        }
        line("");
        JsonNode latency = r.path("latency");
        line(
                String.format(
                        Locale.ROOT,
                        "Live latency, POST to the gateway until the change span arrives at an OTLP"
                            + " receiver (`kubetrace run` from Kafka in its own JVM, default"
                            + " settings), at a steady %d events/s in batches of %d: p50 %.0f ms,"
                            + " p99 %.0f ms, max %.0f ms over %,d events posted in the measured"
                            + " stretch (%,d traced).",
                        latency.path("eventsPerSecond").asInt(),
                        latency.path("batchSize").asInt(),
                        latency.path("p50Millis").asDouble(),
                        latency.path("p99Millis").asDouble(),
                        latency.path("maxMillis").asDouble(),
                        latency.path("posted").asLong(),
                        latency.path("traced").asLong()));
        line("");
    }

    private void line(String text) {
        out.append(text).append('\n');
    }
}
