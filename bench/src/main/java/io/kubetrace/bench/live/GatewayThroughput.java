package io.kubetrace.bench.live;

import io.kubetrace.gateway.Gateway;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The audit events per second the webhook gateway stores in Kafka, sustained: a few posters, each
 * like one kube-apiserver sending one EventList batch at a time, post simulated events as fast as
 * the gateway answers 200 (every event acknowledged by the broker, {@code acks=all}), for batches
 * of 100, 400 (kube-apiserver's default maximum) and 500 events. The first seconds warm the JVM and
 * are not counted.
 *
 * <p>Arguments: {@code [--kafka-bootstrap HOST:PORT] [--seconds N] [--posters N]}; without a broker
 * address a KRaft broker runs in this JVM.
 */
public final class GatewayThroughput {

    /** What one batch size sustained. */
    public record Result(
            int batchSize,
            int posters,
            double seconds,
            long events,
            double eventsPerSecond,
            double megabytesPerSecond,
            double postP50Millis,
            double postP99Millis,
            long refusals) {

        String describe() {
            return String.format(
                    Locale.ROOT,
                    "gateway, batches of %d events from %d posters: %.0f events/s (%.1f MB/s of"
                            + " EventList bodies) over %.0f s, POST to 200 p50 %.1f ms p99 %.1f"
                            + " ms, %d answers 503/429",
                    batchSize,
                    posters,
                    eventsPerSecond,
                    megabytesPerSecond,
                    seconds,
                    postP50Millis,
                    postP99Millis,
                    refusals);
        }
    }

    private static final List<Integer> BATCH_SIZES = List.of(100, 400, 500);

    /** Distinct bodies per batch size, posted in turn; building them is kube-apiserver's work. */
    private static final int BODIES = 50;

    private static final Duration WARM_UP = Duration.ofSeconds(5);

    private GatewayThroughput() {}

    public static void main(String[] args) throws Exception {
        BenchArguments arguments = BenchArguments.parse(args);
        List<Result> results =
                measure(
                        arguments.kafkaBootstrap(),
                        Duration.ofSeconds(arguments.number("--seconds", 20)),
                        (int) arguments.number("--posters", 4));
        results.forEach(result -> System.out.println(result.describe()));
    }

    /** Measures each batch size for {@code duration} after the warm-up, on a new topic each. */
    public static List<Result> measure(
            Optional<String> kafkaBootstrap, Duration duration, int posters) throws Exception {
        WebhookBatches events = WebhookBatches.simulate(BODIES * 500);
        List<Result> results = new ArrayList<>();
        try (BenchKafka kafka = BenchKafka.at(kafkaBootstrap)) {
            System.out.println("gateway throughput: storing into " + kafka.describe());
            for (int batchSize : BATCH_SIZES) {
                List<byte[]> bodies = new ArrayList<>();
                for (int i = 0; i < BODIES; i++) {
                    bodies.add(
                            WebhookBatches.eventList(
                                    events.slice((long) i * batchSize, batchSize),
                                    System.currentTimeMillis() * 1_000_000L));
                }
                String topic = kafka.createTopic("kubetrace-bench-gateway", 4);
                try (Gateway gateway = Gateway.start(kafka.gatewaySettings(topic))) {
                    results.add(
                            run(
                                    URI.create(
                                            "http://127.0.0.1:" + gateway.port() + "/audit/bench"),
                                    bodies,
                                    batchSize,
                                    posters,
                                    duration));
                } finally {
                    kafka.deleteTopic(topic);
                }
            }
        }
        return results;
    }

    private static Result run(
            URI webhook, List<byte[]> bodies, int batchSize, int posters, Duration duration)
            throws Exception {
        long warmUntil = System.nanoTime() + WARM_UP.toNanos();
        long endAt = warmUntil + duration.toNanos();
        Latencies posts = new Latencies();
        AtomicLong events = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        AtomicLong refusals = new AtomicLong();
        ExecutorService threads = Executors.newFixedThreadPool(posters);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int p = 0; p < posters; p++) {
                int first = p;
                running.add(
                        threads.submit(
                                () -> {
                                    WebhookPoster poster = new WebhookPoster(webhook);
                                    long refusedWarmingUp = 0;
                                    for (int i = first; System.nanoTime() < endAt; i += posters) {
                                        byte[] body = bodies.get(i % bodies.size());
                                        long started = System.nanoTime();
                                        double millis = poster.post(body);
                                        if (started >= warmUntil) {
                                            posts.add(millis);
                                            events.addAndGet(batchSize);
                                            bytes.addAndGet(body.length);
                                        } else {
                                            refusedWarmingUp = poster.refusals();
                                        }
                                    }
                                    refusals.addAndGet(poster.refusals() - refusedWarmingUp);
                                    return null;
                                }));
            }
            for (Future<?> poster : running) {
                poster.get();
            }
        } finally {
            threads.shutdownNow();
        }
        double seconds = duration.toNanos() / 1e9;
        return new Result(
                batchSize,
                posters,
                seconds,
                events.get(),
                events.get() / seconds,
                bytes.get() / seconds / 1e6,
                posts.percentile(50),
                posts.percentile(99),
                refusals.get());
    }
}
