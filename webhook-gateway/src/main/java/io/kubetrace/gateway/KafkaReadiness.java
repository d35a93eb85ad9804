package io.kubetrace.gateway;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Whether Kafka answers, asked in the background every {@code kafka.ready-interval}, so {@code
 * /readyz} answers at once from the last result: a kubelet's probe times out after a second.
 */
final class KafkaReadiness implements AutoCloseable {

    private final Admin admin;
    private final Duration interval;
    private final ScheduledExecutorService schedule =
            Executors.newSingleThreadScheduledExecutor(
                    DaemonThreads.named("kubetrace-gateway-readiness"));
    private volatile String problem = "Kafka not reached yet";

    KafkaReadiness(Admin admin, Duration interval) {
        this.admin = admin;
        this.interval = interval;
    }

    KafkaReadiness start() {
        schedule.execute(this::check);
        return this;
    }

    /** Null when Kafka answered the last check, else why not. */
    String problem() {
        return problem;
    }

    private void check() {
        admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) interval.toMillis()))
                .clusterId()
                .whenComplete(
                        (id, failure) -> {
                            problem =
                                    failure == null
                                            ? null
                                            : "Kafka unreachable: " + failure.getMessage();
                            try {
                                schedule.schedule(
                                        this::check, interval.toMillis(), TimeUnit.MILLISECONDS);
                            } catch (RejectedExecutionException closed) {
                                // The gateway is shutting down: no more checks.
                            }
                        });
    }

    @Override
    public void close() {
        schedule.shutdownNow();
    }
}
