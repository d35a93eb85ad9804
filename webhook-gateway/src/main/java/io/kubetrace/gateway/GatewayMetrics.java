package io.kubetrace.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The gateway's Prometheus metrics: requests by code and cluster, events stored, bytes received,
 * request latency, and what was rejected by reason. Served on {@code /metrics}.
 */
final class GatewayMetrics {

    /** The Prometheus text format {@link #scrape()} writes. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** The cluster label of a request whose cluster was not established (or not allowed). */
    static final String UNKNOWN_CLUSTER = "unknown";

    private static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(2500),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10)
    };

    private final PrometheusMeterRegistry registry =
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    GatewayMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
    }

    MeterRegistry registry() {
        return registry;
    }

    void inFlight(Supplier<Number> requests) {
        Gauge.builder("kubetrace.gateway.in.flight.requests", requests)
                .description("Audit requests being stored now")
                .register(registry);
    }

    void answered(int status, String cluster, long elapsedNanos) {
        String code = Integer.toString(status);
        Counter.builder("kubetrace.gateway.requests")
                .description("Audit webhook requests answered, by status code and cluster")
                .tags("code", code, "cluster", cluster)
                .register(registry)
                .increment();
        Timer.builder("kubetrace.gateway.request.duration")
                .description("Time from a request's body to its answer")
                .tag("code", code)
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry)
                .record(elapsedNanos, TimeUnit.NANOSECONDS);
    }

    void received(String cluster, long bytes) {
        Counter.builder("kubetrace.gateway.request.bytes")
                .description("Audit request body bytes received, by cluster")
                .tag("cluster", cluster)
                .register(registry)
                .increment(bytes);
    }

    void stored(String cluster, int events) {
        Counter.builder("kubetrace.gateway.events")
                .description("Audit events acknowledged by Kafka, by cluster")
                .tag("cluster", cluster)
                .register(registry)
                .increment(events);
    }

    /** Stored events that lost their request or response body to fit in a Kafka record. */
    void trimmed(String cluster, int events) {
        Counter.builder("kubetrace.gateway.events.trimmed")
                .description(
                        "Audit events stored without their request or response body, which did not"
                                + " fit kafka.max-record-size, by cluster")
                .tag("cluster", cluster)
                .register(registry)
                .increment(events);
    }

    /** A rejected request, and the events in it when its body was read as a batch. */
    void rejected(Rejection rejection, int events) {
        Counter.builder("kubetrace.gateway.rejected.requests")
                .description("Audit requests not stored, by reason")
                .tag("reason", rejection.reason)
                .register(registry)
                .increment();
        if (events > 0) {
            Counter.builder("kubetrace.gateway.rejected.events")
                    .description("Audit events of parsed batches that were not stored, by reason")
                    .tag("reason", rejection.reason)
                    .register(registry)
                    .increment(events);
        }
    }

    void forwarded(String url, String result) {
        Counter.builder("kubetrace.gateway.forward.requests")
                .description("Batches forwarded to other webhooks, by URL and result")
                .tags("url", url, "result", result)
                .register(registry)
                .increment();
    }

    void dumpFailed() {
        Counter.builder("kubetrace.gateway.dump.failures")
                .description("Batches that could not be appended to the dump file")
                .register(registry)
                .increment();
    }

    String scrape() {
        return registry.scrape();
    }
}
