package io.kubetrace.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.acl.AclOperation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Kafka answers and its topic takes the gateway's writes, asked in the background every
 * {@code kafka.ready-interval}, so {@code /readyz} answers at once from the last result: a
 * kubelet's probe times out after a second. A missing topic or a missing permission is logged as an
 * error.
 */
final class KafkaReadiness implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaReadiness.class);

    private final Admin admin;
    private final String topic;
    private final Duration interval;
    private final ScheduledExecutorService schedule =
            Executors.newSingleThreadScheduledExecutor(
                    DaemonThreads.named("kubetrace-gateway-readiness"));
    private volatile String problem = "Kafka not reached yet";
    // The last problem that an operator must fix, so each is logged once.
    private String operatorError;

    KafkaReadiness(Admin admin, String topic, Duration interval) {
        this.admin = admin;
        this.topic = topic;
        this.interval = interval;
    }

    KafkaReadiness start() {
        schedule.execute(this::check);
        return this;
    }

    /** Null when Kafka answered the last check and the topic takes writes, else why not. */
    String problem() {
        return problem;
    }

    private void check() {
        int timeoutMs = (int) interval.toMillis();
        admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs))
                .clusterId()
                .whenComplete(
                        (id, failure) -> {
                            if (failure != null) {
                                settle("Kafka unreachable: " + failure.getMessage(), false);
                            } else {
                                checkTopic(timeoutMs);
                            }
                        });
    }

    /** The topic exists and this principal may write to it; the producer has the same one. */
    private void checkTopic(int timeoutMs) {
        admin.describeTopics(
                        List.of(topic),
                        new DescribeTopicsOptions()
                                .includeAuthorizedOperations(true)
                                .timeoutMs(timeoutMs))
                .topicNameValues()
                .get(topic)
                .whenComplete(
                        (description, failure) -> {
                            if (failure == null) {
                                settle(
                                        writable(description)
                                                ? null
                                                : KafkaOperatorErrors.mayNotWrite(topic),
                                        true);
                                return;
                            }
                            Throwable cause = unwrap(failure);
                            Optional<String> operator = KafkaOperatorErrors.explain(cause, topic);
                            settle(
                                    operator.orElse(
                                            "Kafka does not describe topic "
                                                    + topic
                                                    + ": "
                                                    + cause.getMessage()),
                                    operator.isPresent());
                        });
    }

    /** Kafka lists what this principal may do when an authorizer runs; else it may do all. */
    private static boolean writable(TopicDescription description) {
        Set<AclOperation> operations = description.authorizedOperations();
        return operations == null
                || operations.contains(AclOperation.WRITE)
                || operations.contains(AclOperation.ALL);
    }

    private synchronized void settle(String newProblem, boolean byOperator) {
        problem = newProblem;
        if (byOperator && newProblem != null && !newProblem.equals(operatorError)) {
            LOG.error("not ready, and answering 503 until this is fixed: {}", newProblem);
            operatorError = newProblem;
        } else if (newProblem == null && operatorError != null) {
            LOG.info("ready: topic {} takes the gateway's writes again", topic);
            operatorError = null;
        }
        try {
            schedule.schedule(this::check, interval.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            // The gateway is shutting down: no more checks.
        }
    }

    private static Throwable unwrap(Throwable failure) {
        return (failure instanceof CompletionException || failure instanceof ExecutionException)
                        && failure.getCause() != null
                ? failure.getCause()
                : failure;
    }

    @Override
    public void close() {
        schedule.shutdownNow();
    }
}
