package io.kubetrace.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubetrace.jobs.simulate.AuditSimulator;
import io.kubetrace.jobs.simulate.SimulationOptions;
import io.kubetrace.model.SpanAttribute;
import io.kubetrace.model.SpanEvent;
import io.kubetrace.model.SpanRecord;
import io.kubetrace.sinks.RejectionFileSink;
import io.kubetrace.sinks.TraceFileSink;
import io.kubetrace.sinks.otlp.OtlpOptions;
import io.kubetrace.sinks.otlp.OtlpProtocol;
import io.kubetrace.sinks.otlp.OtlpSettings;
import io.kubetrace.sinks.otlp.OtlpSpanSink;
import io.kubetrace.sinks.otlp.receiver.OtlpReceiver;
import io.kubetrace.sources.audit.AuditEventParser;
import io.kubetrace.sources.audit.AuditFileSource;
import io.kubetrace.sources.audit.AuditFiles;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The backfill job sending its traces over OTLP to a real receiver in this JVM. */
class OtlpBackfillITCase {

    @RegisterExtension static final MiniClusterExtension FLINK = TestFlinkCluster.twoSlots();

    @TempDir Path directory;

    private OtlpReceiver receiver;

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = OtlpReceiver.onFreePorts();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    private OtlpSpanSink otlp(OtlpProtocol protocol) {
        Configuration config = new Configuration();
        int port = protocol == OtlpProtocol.GRPC ? receiver.grpcPort() : receiver.httpPort();
        config.set(OtlpOptions.ENDPOINT, "http://127.0.0.1:" + port);
        config.set(OtlpOptions.PROTOCOL, protocol);
        config.set(OtlpOptions.BATCH_DELAY, Duration.ofMillis(200));
        return new OtlpSpanSink(OtlpSettings.from(config));
    }

    private void backfill(List<Path> inputs, Path out, List<SpanOutput> outputs, Configuration job)
            throws Exception {
        List<Path> files = AuditFiles.expand(inputs);
        AuditEventParser parser = new AuditEventParser("minikube", 64 * 1024);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        KubetraceEnvironment.essentials(job));
        env.setParallelism(2);
        List<SpanOutput> all = new ArrayList<>(outputs);
        all.add(new SpanOutput(Uids.TRACE_FILE_SINK, "files", new TraceFileSink(out, 1000), true));
        new BackfillJob(
                        new BackfillJob.Inputs(
                                AuditFileSource.of(
                                        AuditFiles.oldestFirst(files, parser, 1 << 20),
                                        parser,
                                        1 << 20),
                                null),
                        all,
                        new RejectionFileSink(out.resolve("rejected.jsonl")),
                        PipelineSettings.defaults(),
                        Duration.ofSeconds(5))
                .build(env);
        env.execute("otlp backfill test");
    }

    @Test
    void sendsEveryTraceTheFileSinkWritesWithExactTimesAndIds() throws Exception {
        Path out = Files.createDirectory(directory.resolve("traces"));

        backfill(
                List.of(SharedData.path("audit/falco")),
                out,
                List.of(
                        new SpanOutput(Uids.OTLP_SINK, "otlp", otlp(OtlpProtocol.GRPC), false),
                        new SpanOutput("collect", "collect", CollectingSink.named("falco"), false)),
                new Configuration());

        List<SpanRecord> produced = CollectingSink.collected("falco");
        assertThat(produced).hasSize(72);
        assertThat(bySpanId(receiver.spans())).isEqualTo(bySpanId(produced));
        Set<String> written = new HashSet<>();
        BackfillITCase.traces(out)
                .values()
                .forEach(trace -> trace.forEach(span -> written.add(span.spanId())));
        assertThat(bySpanId(receiver.spans()).keySet()).isEqualTo(written);
    }

    @Test
    void resendsOnlyWhatFollowedTheLastCheckpointWithTheSameIdsAfterAFailure() throws Exception {
        Path log = directory.resolve("audit.jsonl");
        try (Writer writer = Files.newBufferedWriter(log)) {
            new AuditSimulator(
                            new SimulationOptions(
                                    250,
                                    2,
                                    20,
                                    20,
                                    2,
                                    3,
                                    3,
                                    Instant.parse("2026-11-01T10:00:00Z"),
                                    Duration.ofMinutes(40),
                                    5,
                                    false))
                    .write(writer);
        }
        Path clean = Files.createDirectory(directory.resolve("clean"));
        backfill(List.of(log), clean, List.of(), new Configuration());
        Map<String, SpanRecord> expected = new HashMap<>();
        BackfillITCase.traces(clean)
                .values()
                .forEach(trace -> trace.forEach(span -> expected.put(span.spanId(), span)));

        Configuration job = new Configuration();
        job.setString("execution.checkpointing.interval", "200ms");
        job.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        job.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        job.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        Path failing = Files.createDirectory(directory.resolve("failing"));
        backfill(
                List.of(log),
                failing,
                List.of(
                        new SpanOutput(Uids.OTLP_SINK, "otlp", otlp(OtlpProtocol.HTTP), false),
                        new SpanOutput(
                                "fail-once",
                                "fail once",
                                CollectingSink.failingOnceAfter("failing", expected.size() / 2),
                                false)),
                job);

        List<SpanRecord> received = receiver.spans();
        Map<String, SpanRecord> firstCopies = new HashMap<>();
        int duplicates = 0;
        for (SpanRecord span : received) {
            SpanRecord first = firstCopies.putIfAbsent(span.spanId(), span);
            if (first != null) {
                duplicates++;
                assertThat(normalized(span)).isEqualTo(normalized(first));
            }
        }
        assertThat(firstCopies.keySet()).isEqualTo(expected.keySet());
        // Failing after half the spans, a restart from scratch would send about half again; a
        // restore from the last checkpoint (every 200 ms) sends only what followed it.
        assertThat(duplicates).isLessThan(expected.size() / 4);
        assertThat(CollectingSink.collected("failing").size()).isGreaterThan(expected.size());
    }

    static Map<String, SpanRecord> bySpanId(List<SpanRecord> spans) {
        Map<String, SpanRecord> map = new HashMap<>();
        spans.forEach(span -> map.put(span.spanId(), normalized(span)));
        return map;
    }

    /** OTLP carries attributes as a set (the SDK sorts them by key); compare them in that order. */
    static SpanRecord normalized(SpanRecord span) {
        Comparator<SpanAttribute> byKey = Comparator.comparing(SpanAttribute::key);
        List<SpanAttribute> attributes = new ArrayList<>(span.attributes());
        attributes.sort(byKey);
        List<SpanEvent> events = new ArrayList<>();
        for (SpanEvent event : span.events()) {
            List<SpanAttribute> fields = new ArrayList<>(event.attributes());
            fields.sort(byKey);
            events.add(new SpanEvent(event.name(), event.timeNanos(), fields));
        }
        return new SpanRecord(
                span.traceId(),
                span.spanId(),
                span.parentSpanId(),
                span.kind(),
                span.name(),
                span.serviceName(),
                span.cluster(),
                span.startNanos(),
                span.endNanos(),
                attributes,
                events,
                span.error(),
                span.statusMessage(),
                span.links());
    }
}
