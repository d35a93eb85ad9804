package io.kubetrace.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubetrace.bench.live.GatewayThroughput;
import io.kubetrace.bench.live.LiveLatency;
import io.kubetrace.jobs.simulate.AuditSimulator;
import io.kubetrace.jobs.simulate.SimulationOptions;
import io.kubetrace.operators.DifferBenchmark;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.util.FileUtils;

/**
 * {@code kubetrace bench}: every benchmark of the benchmarks issue in one run, and its report. It
 * makes the inputs (a simulated audit log and the hkerma load file, each of at least {@code
 * --events} events), measures the limit (JMH: a Jackson tree parse of each line), kubetrace's own
 * audit parsing and the differ, backfills each file on 1 and 2 slots into Jaeger JSON files and
 * into a discarding sink (each run in a JVM of its own, the 2-slot Jaeger run of the simulated file
 * with Java Flight Recorder on), takes the state per object after a backfill of the simulated file,
 * measures the webhook gateway and the live latency, and writes {@code REPORT.md} and {@code
 * report.json}.
 *
 * <p>Arguments: {@code [--events N] [--work DIR] [--report-dir DIR] [--shared-data DIR]
 * [--no-live]}.
 */
public final class Bench {

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** How much of each input the parse benchmarks hold in memory. */
    private static final long SAMPLE_BYTES = 64L << 20;

    /** How long the gateway is measured at each batch size, after its warm-up. */
    private static final Duration GATEWAY_SECONDS = Duration.ofSeconds(8);

    /** The live latency's steady rate, batch size and measured stretch. */
    private static final int LIVE_RATE = 500;

    private static final int LIVE_BATCH = 100;
    private static final Duration LIVE_SECONDS = Duration.ofSeconds(20);

    /** Workloads of the pilot that tells how many events a simulated workload writes. */
    private static final int PILOT_DEPLOYMENTS = 300;

    private final BenchOptions options;
    private final ObjectNode report = JSON.createObjectNode();
    private final ObjectNode steps = JSON.createObjectNode();
    private final ArrayNode commands = JSON.createArrayNode();

    private Bench(BenchOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options = BenchOptions.parse(args);
        new Bench(options).run(String.join(" ", args));
    }

    private void run(String arguments) throws Exception {
        long started = System.nanoTime();
        Files.createDirectories(options.work());
        report.put("date", Instant.now().toString());
        report.put("commit", Machine.commit(options.home()));
        report.set("machine", JSON.valueToTree(Machine.describe()));
        commands.add(("./kubetrace bench " + arguments).strip());
        report.set("commands", commands);

        Inputs inputs = step("make the inputs", this::makeInputs);
        step("JMH: raw parse, audit parse, differ", () -> microbenchmarks(inputs));
        step("backfill throughput", () -> backfills(inputs));
        step("state after the simulated backfill", () -> stateSize(inputs.simulated()));
        if (options.live()) {
            step("gateway throughput and live latency", this::live);
        } else {
            report.put("live", "not measured (--no-live)");
        }
        summarize();
        report.set("steps", steps);
        report.put("total_minutes", (System.nanoTime() - started) / 60e9);
        report.put("load_average_at_end", Machine.currentLoadAverage());
        Files.createDirectories(options.reportDir());
        JSON.writeValue(options.reportDir().resolve("report.json").toFile(), report);
        Path markdown = options.reportDir().resolve("REPORT.md");
        Files.writeString(markdown, Report.render(report, Report.keptSections(markdown)));
        System.out.printf(
                "bench: done in %.1f min; wrote %s and report.json%n",
                (System.nanoTime() - started) / 60e9, markdown);
    }

    /** The two audit logs, with the samples the parse benchmarks read. */
    record Inputs(InputFile simulated, InputFile hkerma) {
        List<InputFile> all() {
            return List.of(simulated, hkerma);
        }
    }

    /** An audit log and its sample. */
    record InputFile(String name, Path file, Path sample, LineSample.Stats stats) {}

    private Inputs makeInputs() throws IOException {
        Path simulated = options.work().resolve("simulated.jsonl");
        SimulationOptions simulation = simulation();
        long events;
        try (Writer out = Files.newBufferedWriter(simulated)) {
            events = new AuditSimulator(simulation).write(out);
        }
        ObjectNode simulatedJson = report.putObject("simulated");
        simulatedJson
                .putObject("options")
                .put("deployments", simulation.deployments())
                .put("replicas", simulation.replicas())
                .put("cronJobs", simulation.cronJobs())
                .put("statefulSets", simulation.statefulSets())
                .put("clusters", simulation.clusters())
                .put("namespaces", simulation.namespaces())
                .put("nodes", simulation.nodes())
                .put("start", simulation.start().toString())
                .put("spread", simulation.spread().toString())
                .put("keep", simulation.keep());
        simulatedJson.put("events", events);
        System.out.printf("bench: simulated %,d audit events in %s%n", events, simulated);

        Path hkerma = options.work().resolve("hkerma-load.jsonl");
        Path csv = options.sharedData().resolve("load/hkerma-audit-logs.csv");
        if (!Files.isRegularFile(csv)) {
            throw new IllegalArgumentException(
                    "no hkerma capture at " + csv + "; give --shared-data DIR (../shared/data)");
        }
        HkermaLoad.Written written = HkermaLoad.write(csv, hkerma, options.events());
        ObjectNode hkermaJson = report.putObject("hkerma");
        hkermaJson.put("rows", written.rows());
        hkermaJson.put("rows_cut_short", written.skippedRows());
        hkermaJson.put("copies", written.copies());
        hkermaJson.put("events", written.events());
        System.out.printf(
                "bench: hkerma load of %,d audit events in %s%n", written.events(), hkerma);
        return new Inputs(sampled("simulated", simulated), sampled("hkerma", hkerma));
    }

    /**
     * Rollouts across many Deployments (3 replicas each), with CronJobs and StatefulSets, in 30
     * namespaces of 3 clusters; Deployments and StatefulSets are kept at the end, so the state
     * measured after the backfill is that of a steady cluster. Enough workloads for {@code
     * --events}, as a small pilot simulation counts them.
     */
    private SimulationOptions simulation() throws IOException {
        long pilot;
        try (Writer nowhere = Writer.nullWriter()) {
            pilot = new AuditSimulator(simulation(PILOT_DEPLOYMENTS)).write(nowhere);
        }
        int deployments = (int) Math.ceil(options.events() * 1.01 * PILOT_DEPLOYMENTS / pilot);
        return simulation(deployments);
    }

    private static SimulationOptions simulation(int deployments) {
        return new SimulationOptions(
                deployments,
                3,
                deployments / 10,
                deployments / 10,
                3,
                30,
                20,
                Instant.parse("2026-11-01T00:00:00Z"),
                Duration.ofHours(12),
                1,
                true);
    }

    private InputFile sampled(String name, Path file) throws IOException {
        Path sample = options.work().resolve(name + ".sample.jsonl");
        return new InputFile(name, file, sample, LineSample.write(file, sample, SAMPLE_BYTES));
    }

    private void microbenchmarks(Inputs inputs) throws Exception {
        ObjectNode parse = report.putObject("parse");
        for (InputFile input : inputs.all()) {
            ObjectNode file = parse.putObject(input.name());
            file.put("sample_lines", input.stats().lines());
            file.put("sample_bytes", input.stats().bytes());
            file.put("sample_every", input.stats().every());
            file.put("bytes_per_event", input.stats().bytesPerLine());
        }
        Map<String, Map<String, Jmh.Score>> scores =
                Jmh.run(
                        List.of(RawParseBenchmark.class, AuditParseBenchmark.class),
                        Map.of(
                                "sample",
                                inputs.all().stream().map(i -> i.sample().toString()).toList()),
                        Jmh.PARSE);
        commands.add(Jmh.describe(Jmh.PARSE, "RawParseBenchmark, AuditParseBenchmark"));
        for (InputFile input : inputs.all()) {
            ObjectNode file = (ObjectNode) parse.get(input.name());
            Jmh.Score raw =
                    scores.get("RawParseBenchmark.parseLine").get(input.sample().toString());
            Jmh.Score audit =
                    scores.get("AuditParseBenchmark.parseEvent").get(input.sample().toString());
            file.put("raw_events_per_s", raw.score());
            file.put("raw_events_per_s_error", raw.error());
            file.put("raw_mb_per_s", raw.score() * input.stats().bytesPerLine() / 1e6);
            file.put("audit_parser_events_per_s", audit.score());
            file.put("audit_parser_events_per_s_error", audit.error());
            file.put("audit_parser_mb_per_s", audit.score() * input.stats().bytesPerLine() / 1e6);
        }

        String kspan =
                options.sharedData().resolve("events/kspan-deployment-2-pods.yaml").toString();
        Map<String, Map<String, Jmh.Score>> differ =
                Jmh.run(
                        List.of(DifferBenchmark.class),
                        Map.of("kspan", List.of(kspan)),
                        Jmh.DIFFER);
        commands.add(Jmh.describe(Jmh.DIFFER, "DifferBenchmark"));
        ArrayNode objects = report.putArray("differ");
        for (String object : List.of("pod", "deployment", "configmap-large", "node-status")) {
            DifferBenchmark sized = new DifferBenchmark();
            sized.object = object;
            sized.kspan = kspan;
            sized.load();
            ObjectNode row = objects.addObject();
            row.put("object", object);
            row.put("json_chars", sized.objectSize());
            row.put("diff_per_s", differ.get("DifferBenchmark.diff").get(object).score());
            row.put(
                    "parse_and_diff_per_s",
                    differ.get("DifferBenchmark.parseAndDiff").get(object).score());
        }
    }

    private void backfills(Inputs inputs) throws Exception {
        ArrayNode runs = report.putArray("backfill");
        for (InputFile input : inputs.all()) {
            for (int slots : List.of(2, 1)) {
                for (BackfillThroughput.Sink sink : BackfillThroughput.Sink.values()) {
                    String sinkName = sink.name().toLowerCase(java.util.Locale.ROOT);
                    String run = input.name() + "-" + slots + "-" + sinkName;
                    Path work = options.work().resolve("backfill-" + run);
                    Path result = options.work().resolve("backfill-" + run + ".json");
                    List<String> jvm = new ArrayList<>(List.of(ChildJvm.HEAP));
                    boolean profiled =
                            input == inputs.simulated()
                                    && slots == 2
                                    && sink == BackfillThroughput.Sink.JAEGER;
                    Path recording = options.work().resolve("backfill-" + run + ".jfr");
                    if (profiled) {
                        jvm.add("-XX:StartFlightRecording=filename=" + recording);
                    }
                    List<String> command =
                            ChildJvm.command(
                                    jvm,
                                    BackfillThroughput.class.getName(),
                                    List.of(
                                            input.file().toString(),
                                            String.valueOf(slots),
                                            sinkName,
                                            work.toString(),
                                            result.toString()));
                    commands.add(describe(command));
                    ChildJvm.run(command);
                    ObjectNode row = (ObjectNode) JSON.readTree(result.toFile());
                    row.put("input", input.name());
                    row.put("profiled", profiled);
                    runs.add(row);
                    FileUtils.deleteDirectory(work.toFile());
                    if (profiled) {
                        report.set("profile", JSON.valueToTree(ProfileSummary.of(recording)));
                    }
                }
            }
        }
    }

    private void stateSize(InputFile simulated) throws Exception {
        Path result = options.work().resolve("state-size.json");
        List<String> command =
                ChildJvm.command(
                        List.of(ChildJvm.HEAP),
                        StateSize.class.getName(),
                        List.of("--audit-log", simulated.file().toString(), result.toString()));
        commands.add(describe(command));
        ChildJvm.run(command);
        report.set("state", JSON.readTree(result.toFile()));
    }

    private void live() throws Exception {
        List<GatewayThroughput.Result> gateway =
                GatewayThroughput.measure(Optional.empty(), GATEWAY_SECONDS, 4);
        report.set("gateway", JSON.valueToTree(gateway));
        report.put("gateway_seconds_per_batch_size", GATEWAY_SECONDS.toSeconds());
        commands.add(
                "GatewayThroughput.measure(in-process KRaft broker, "
                        + GATEWAY_SECONDS.toSeconds()
                        + " s per batch size, 4 posters)");
        LiveLatency.Result latency =
                LiveLatency.measure(
                        Optional.empty(), LIVE_RATE, LIVE_BATCH, LIVE_SECONDS, List.of());
        report.set("latency", JSON.valueToTree(latency));
        commands.add(
                String.format(
                        "LiveLatency.measure(in-process KRaft broker, %d events/s, batches of %d,"
                                + " %d s measured)",
                        LIVE_RATE, LIVE_BATCH, LIVE_SECONDS.toSeconds()));
    }

    /** The headline figures the issue names, and the goals met or missed. */
    private void summarize() {
        JsonNode simulatedParse = report.path("parse").path("simulated");
        double parse = simulatedParse.path("raw_events_per_s").asDouble();
        report.put("parse_events_per_s", parse);
        report.put("parse_mb_per_s", simulatedParse.path("raw_mb_per_s").asDouble());
        double oneSlot = backfillRate("simulated", 1, "jaeger");
        double twoSlots = backfillRate("simulated", 2, "jaeger");
        report.put("backfill_events_per_s_1slot", oneSlot);
        report.put("backfill_events_per_s_2slots", twoSlots);
        report.put("ratio_2slots_to_parse", twoSlots / parse);
        JsonNode state = report.path("state");
        long live = state.path("objects_live").asLong();
        long linker = state.path("native_bytes_by_operator").path("linker").asLong();
        long assembler = state.path("native_bytes_by_operator").path("trace-assembler").asLong();
        report.put("state_bytes_per_object", live == 0 ? 0 : (double) (linker + assembler) / live);
        report.put("state_linker_bytes_per_object", live == 0 ? 0 : (double) linker / live);
        report.put("state_assembler_bytes_per_object", live == 0 ? 0 : (double) assembler / live);
        JsonNode gateway = report.path("gateway");
        double best = 0;
        for (JsonNode batch : gateway) {
            best = Math.max(best, batch.path("eventsPerSecond").asDouble());
        }
        if (!gateway.isMissingNode()) {
            report.put("gateway_events_per_s", best);
            report.put("live_latency_p50_ms", report.path("latency").path("p50Millis").asDouble());
            report.put("live_latency_p99_ms", report.path("latency").path("p99Millis").asDouble());
        }
    }

    private double backfillRate(String input, int slots, String sink) {
        for (JsonNode run : report.path("backfill")) {
            if (run.path("input").asText().equals(input)
                    && run.path("slots").asInt() == slots
                    && run.path("sink").asText().equals(sink)) {
                return run.path("events_per_second_exact").asDouble();
            }
        }
        throw new IllegalStateException("no backfill of " + input + " on " + slots + " slots");
    }

    /** A child's command line as the report shows it: the long class path named, not listed. */
    private static String describe(List<String> command) {
        List<String> shown = new ArrayList<>(command);
        int classPath = shown.indexOf("-cp");
        shown.set(classPath + 1, "$BENCH_CLASSPATH");
        shown.set(0, "java");
        return String.join(" ", shown);
    }

    private <T> T step(String name, Step<T> step) throws Exception {
        long started = System.nanoTime();
        System.out.println("bench: " + name + "...");
        T result = step.run();
        double seconds = (System.nanoTime() - started) / 1e9;
        steps.put(name, seconds);
        System.out.printf("bench: %s took %.0f s%n", name, seconds);
        return result;
    }

    private void step(String name, VoidStep step) throws Exception {
        step(
                name,
                () -> {
                    step.run();
                    return null;
                });
    }

    private interface Step<T> {
        T run() throws Exception;
    }

    private interface VoidStep {
        void run() throws Exception;
    }
}
