package io.kubetrace.bench.live;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubetrace.gateway.Gateway;
import io.kubetrace.model.SpanAttribute;
import io.kubetrace.model.SpanRecord;
import io.kubetrace.sinks.otlp.receiver.OtlpReceiver;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.util.FileUtils;

/**
 * How long an audit event takes from kube-apiserver's POST to its change span arriving at an OTLP
 * receiver, at a steady rate: the gateway and a receiver in this JVM, {@code kubetrace run} in its
 * own, reading the gateway's topic with its default settings and sending spans over OTLP/gRPC.
 * Batches of simulated rollouts are posted on a fixed schedule, each event stamped with the time of
 * its POST; the first half minute is warm-up, and events keep coming after the measured ones, as
 * they do in a live cluster, so that the job's watermarks pass them.
 *
 * <p>Arguments: {@code [--kafka-bootstrap HOST:PORT] [--rate EVENTS_PER_S] [--batch-size N]
 * [--seconds N] [--set KEY=VALUE,...]}, the last passed to {@code kubetrace run --set}; without a
 * broker address a KRaft broker runs in this JVM.
 */
public final class LiveLatency {

    /** The latency of the events posted in the measured stretch. */
    public record Result(
            int eventsPerSecond,
            int batchSize,
            long posted,
            long traced,
            double p50Millis,
            double p99Millis,
            double maxMillis,
            List<String> runSettings) {

        String describe() {
            return String.format(
                    Locale.ROOT,
                    "live latency at %d events/s in batches of %d: POST to change span received"
                            + " p50 %.0f ms, p99 %.0f ms, max %.0f ms (%d events posted in the"
                            + " measured stretch, %d of them traced; job settings: %s)",
                    eventsPerSecond,
                    batchSize,
                    p50Millis,
                    p99Millis,
                    maxMillis,
                    posted,
                    traced,
                    runSettings.isEmpty() ? "defaults" : String.join(", ", runSettings));
        }
    }

    private static final Duration WARM_UP = Duration.ofSeconds(30);

    /** Events after the measured ones: enough to move every watermark past them. */
    private static final Duration TAIL = Duration.ofSeconds(20);

    /** How long a measured event's span may still come after the last POST. */
    private static final Duration SETTLE = Duration.ofSeconds(20);

    private LiveLatency() {}

    public static void main(String[] args) throws Exception {
        BenchArguments arguments = BenchArguments.parse(args);
        Result result =
                measure(
                        arguments.kafkaBootstrap(),
                        (int) arguments.number("--rate", 500),
                        (int) arguments.number("--batch-size", 100),
                        Duration.ofSeconds(arguments.number("--seconds", 60)),
                        arguments.list("--set"));
        System.out.println(result.describe());
    }

    public static Result measure(
            Optional<String> kafkaBootstrap,
            int eventsPerSecond,
            int batchSize,
            Duration measured,
            List<String> runSettings)
            throws Exception {
        Duration total = WARM_UP.plus(measured).plus(TAIL);
        WebhookBatches events =
                WebhookBatches.simulate((int) (eventsPerSecond * total.toSeconds()) + batchSize);
        Map<String, Long> received = new ConcurrentHashMap<>();
        Path work = Files.createTempDirectory("kubetrace-bench-live");
        try (BenchKafka kafka = BenchKafka.at(kafkaBootstrap);
                OtlpReceiver receiver =
                        new OtlpReceiver(
                                "127.0.0.1", 0, 0, spans -> noteArrivals(spans, received))) {
            String topic = kafka.createTopic("kubetrace-bench-live", 4);
            System.out.println("live latency: gateway and job on " + kafka.describe());
            try (Gateway gateway = Gateway.start(kafka.gatewaySettings(topic));
                    KubetraceProcess job =
                            KubetraceProcess.start(
                                    runArguments(kafka, topic, receiver, work, runSettings),
                                    work.resolve("kubetrace-run.log"))) {
                URI webhook = URI.create("http://127.0.0.1:" + gateway.port() + "/audit/bench");
                Map<String, Long> postedAt =
                        post(webhook, events, eventsPerSecond, batchSize, measured, job);
                Thread.sleep(SETTLE.toMillis());
                job.requireRunning();
                return result(eventsPerSecond, batchSize, postedAt, received, runSettings);
            } finally {
                kafka.deleteTopic(topic);
            }
        } finally {
            FileUtils.deleteDirectory(work.toFile());
        }
    }

    /** {@code kubetrace run} on the topic, Kafka only, sending its spans to the receiver. */
    private static List<String> runArguments(
            BenchKafka kafka,
            String topic,
            OtlpReceiver receiver,
            Path work,
            List<String> runSettings) {
        List<String> arguments =
                new ArrayList<>(
                        List.of(
                                "run",
                                "--kafka-bootstrap",
                                kafka.bootstrapServers(),
                                "--topic",
                                topic,
                                "--resources",
                                "none",
                                "--otlp-endpoint",
                                "http://127.0.0.1:" + receiver.grpcPort(),
                                "--state-dir",
                                work.resolve("state").toString()));
        runSettings.forEach(setting -> arguments.addAll(List.of("--set", setting)));
        return arguments;
    }

    /** The first arrival of each audit ID's change span, by this JVM's clock. */
    private static void noteArrivals(List<SpanRecord> spans, Map<String, Long> received) {
        long now = System.nanoTime();
        for (SpanRecord span : spans) {
            for (SpanAttribute attribute : span.attributes()) {
                if (attribute.key().equals("audit.id")) {
                    received.putIfAbsent(attribute.value(), now);
                }
            }
        }
    }

    /**
     * Posts the batches on schedule through the warm-up, the measured stretch and the tail.
     *
     * @return when each measured event's batch was due to be posted, by audit ID
     */
    private static Map<String, Long> post(
            URI webhook,
            WebhookBatches events,
            int eventsPerSecond,
            int batchSize,
            Duration measured,
            KubetraceProcess job)
            throws Exception {
        WebhookPoster poster = new WebhookPoster(webhook);
        long interval = Duration.ofSeconds(batchSize).toNanos() / eventsPerSecond;
        long start = System.nanoTime();
        long startEpochNanos = System.currentTimeMillis() * 1_000_000L;
        long measureFrom = start + WARM_UP.toNanos();
        long measureUntil = measureFrom + measured.toNanos();
        long end = measureUntil + TAIL.toNanos();
        Map<String, Long> postedAt = new ConcurrentHashMap<>();
        for (long batch = 0; ; batch++) {
            long due = start + batch * interval;
            if (due >= end) {
                return postedAt;
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            List<ObjectNode> slice = events.slice(batch * batchSize, batchSize);
            // Timed and stamped from when the batch was due, not from when it went: a POST held
            // up behind a slow one still counts the wait, as kube-apiserver's buffer would.
            poster.post(WebhookBatches.eventList(slice, startEpochNanos + (due - start)));
            if (due >= measureFrom && due < measureUntil) {
                slice.forEach(event -> postedAt.put(WebhookBatches.auditId(event), due));
            }
            if (batch % 50 == 0) {
                job.requireRunning();
            }
        }
    }

    private static Result result(
            int eventsPerSecond,
            int batchSize,
            Map<String, Long> postedAt,
            Map<String, Long> received,
            List<String> runSettings) {
        Latencies latencies = new Latencies();
        postedAt.forEach(
                (auditId, posted) -> {
                    Long arrived = received.get(auditId);
                    if (arrived != null) {
                        latencies.add((arrived - posted) / 1e6);
                    }
                });
        return new Result(
                eventsPerSecond,
                batchSize,
                postedAt.size(),
                latencies.count(),
                latencies.percentile(50),
                latencies.percentile(99),
                latencies.percentile(100),
                runSettings);
    }
}
