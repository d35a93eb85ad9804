package io.kubetrace.sinks.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubetrace.model.SpanAttribute;
import io.kubetrace.model.SpanEvent;
import io.kubetrace.model.SpanKind;
import io.kubetrace.model.SpanLink;
import io.kubetrace.model.SpanRecord;
import io.kubetrace.sinks.otlp.receiver.OtlpReceiver;
import io.kubetrace.sinks.otlp.receiver.Refusal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The OTLP sink in a Flink MiniCluster against a real OTLP receiver in this JVM. */
class OtlpSpanSinkITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private OtlpReceiver receiver;

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = OtlpReceiver.onFreePorts();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    /** Spans with every feature: nanosecond times, typed attributes, events, status, links. */
    static List<SpanRecord> spans(int count) {
        List<SpanRecord> spans = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String trace = String.format("%032x", 0xabcdefL + i / 10);
            String span = String.format("%016x", 0x1000L + i);
            spans.add(
                    new SpanRecord(
                            trace,
                            span,
                            i % 10 == 0 ? "" : String.format("%016x", 0x1000L + i / 10 * 10),
                            i % 10 == 0 ? SpanKind.OBJECT : SpanKind.AUDIT,
                            "alice patch status (Conflict) " + i,
                            i % 2 == 0 ? "pods" : "rollouts.argoproj.io",
                            i % 3 == 0 ? "prod" : "staging",
                            1_700_000_000_123_456_789L + i,
                            1_700_000_000_223_456_789L + i,
                            List.of(
                                    SpanAttribute.of("audit.response_code", 409),
                                    SpanAttribute.of("audit.user", "alice"),
                                    SpanAttribute.of("kubetrace.truncated", i % 4 == 0)),
                            List.of(
                                    new SpanEvent(
                                            "error",
                                            1_700_000_000_223_456_789L + i,
                                            List.of(SpanAttribute.of("reason", "Conflict")))),
                            i % 5 == 0,
                            i % 5 == 0 ? "the object has been modified" : "",
                            i % 7 == 0
                                    ? List.of(
                                            new SpanLink(
                                                    String.format("%032x", 7L), "00000000000000aa"))
                                    : List.of()));
        }
        return spans;
    }

    private Configuration settings(OtlpProtocol protocol) {
        Configuration config = new Configuration();
        int port = protocol == OtlpProtocol.GRPC ? receiver.grpcPort() : receiver.httpPort();
        config.set(OtlpOptions.ENDPOINT, "http://127.0.0.1:" + port);
        config.set(OtlpOptions.PROTOCOL, protocol);
        config.set(OtlpOptions.BATCH_SPANS, 50);
        config.set(OtlpOptions.BUFFER_SPANS, 200);
        config.set(OtlpOptions.MAX_IN_FLIGHT, 2);
        config.set(OtlpOptions.BATCH_DELAY, Duration.ofMillis(100));
        config.set(OtlpOptions.INITIAL_BACKOFF, Duration.ofMillis(50));
        config.set(OtlpOptions.MAX_BACKOFF, Duration.ofMillis(400));
        return config;
    }

    private static void send(List<SpanRecord> spans, Configuration settings) throws Exception {
        Configuration job = new Configuration();
        job.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(job);
        env.setParallelism(1);
        env.fromData(SpanRecord.class, spans.toArray(SpanRecord[]::new))
                .sinkTo(new OtlpSpanSink(OtlpSettings.from(settings)));
        env.execute("otlp test");
    }

    /** OTLP carries attributes as a set; the SDK sorts them by key. */
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

    static Map<String, SpanRecord> bySpanId(List<SpanRecord> spans) {
        Map<String, SpanRecord> map = new HashMap<>();
        spans.forEach(span -> map.put(span.spanId(), normalized(span)));
        return map;
    }

    @ParameterizedTest
    @EnumSource(OtlpProtocol.class)
    void deliversExactlyTheSpansItWasGiven(OtlpProtocol protocol) throws Exception {
        List<SpanRecord> spans = spans(230);

        send(spans, settings(protocol));

        assertThat(receiver.spans()).hasSize(230);
        assertThat(bySpanId(receiver.spans())).isEqualTo(bySpanId(spans));
        assertThat(receiver.requests()).isGreaterThanOrEqualTo(5);
    }

    @ParameterizedTest
    @EnumSource(OtlpProtocol.class)
    void retriesWhileTheReceiverIsUnavailableAndLosesNothing(OtlpProtocol protocol)
            throws Exception {
        receiver.refuse(4, Refusal.UNAVAILABLE);
        List<SpanRecord> spans = spans(300);

        send(spans, settings(protocol));

        assertThat(receiver.spans()).hasSize(300);
        assertThat(bySpanId(receiver.spans())).isEqualTo(bySpanId(spans));
        assertThat(receiver.requests()).isGreaterThanOrEqualTo(6 + 4);
    }

    @Test
    void slowsTheJobDownForASlowReceiverWithinItsRequestLimit() throws Exception {
        receiver.answerAfter(Duration.ofMillis(100));
        List<SpanRecord> spans = spans(1000);

        send(spans, settings(OtlpProtocol.GRPC));

        assertThat(bySpanId(receiver.spans())).isEqualTo(bySpanId(spans));
        assertThat(receiver.maxConcurrentRequests()).isBetween(1, 2);
    }

    @ParameterizedTest
    @EnumSource(OtlpProtocol.class)
    void failsTheJobClearlyWhenTheReceiverRefusesForGood(OtlpProtocol protocol) {
        receiver.refuse(Integer.MAX_VALUE, Refusal.INVALID);

        assertThatThrownBy(() -> send(spans(20), settings(protocol)))
                .rootCause()
                .isInstanceOf(OtlpExportException.class)
                .hasMessageContaining("refused 20 spans for good")
                .hasMessageContaining(
                        protocol == OtlpProtocol.GRPC ? "gRPC INVALID_ARGUMENT" : "HTTP 400")
                .hasMessageContaining("otlp.drop-on-permanent-error");
    }

    @Test
    void dropsWhatTheReceiverRefusesForGoodWhenAskedTo() throws Exception {
        receiver.refuse(1, Refusal.INVALID);
        Configuration settings = settings(OtlpProtocol.HTTP);
        settings.set(OtlpOptions.DROP_ON_PERMANENT_ERROR, true);
        settings.set(OtlpOptions.BATCH_SPANS, 10);

        send(spans(40), settings);

        assertThat(receiver.spans()).hasSize(30);
    }
}
