package io.kubetrace.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube-apiserver's audit webhook as a function from request to response: authenticate, name the
 * cluster, parse the batch, store every event in Kafka, and answer 200 only once all are stored.
 * Every answer is counted in {@link GatewayMetrics}.
 */
public final class AuditWebhook {

    private static final Logger LOG = LoggerFactory.getLogger(AuditWebhook.class);

    private final Authenticator authenticator;
    private final ClusterResolver clusters;
    private final long maxBodyBytes;
    private final int maxInFlight;
    private final String topic;
    private final long maxRecordSize;
    private final long recordLimit;
    private final KafkaPublisher publisher;
    private final Executor worker;
    private final GatewayMetrics metrics;
    private final List<Consumer<AcceptedBatch>> onAccepted;

    private final RateLimitedLog trimmedLog =
            new RateLimitedLog(Duration.ofMinutes(1), System::nanoTime);
    private final RateLimitedLog tooLargeLog =
            new RateLimitedLog(Duration.ofMinutes(1), System::nanoTime);

    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean accepting = true;

    /**
     * @param producer the Kafka producer, with {@code acks=all} and idempotence
     * @param worker parses and sends batches, off the server's event loop
     * @param kafkaProblem what the readiness check last found wrong with Kafka, null when nothing;
     *     a 503 for a failed send says it
     * @param onAccepted told of the stored events of each batch (dump file, forwarder); must not
     *     block
     */
    AuditWebhook(
            GatewaySettings settings,
            Producer<byte[], byte[]> producer,
            Supplier<String> kafkaProblem,
            Executor worker,
            GatewayMetrics metrics,
            List<Consumer<AcceptedBatch>> onAccepted) {
        this.authenticator =
                new Authenticator(
                        settings.tokenFile().map(BearerTokens::read),
                        settings.clientCaFile().isPresent());
        this.clusters = new ClusterResolver(settings.allowedClusters(), settings.clustersByIp());
        this.maxBodyBytes = settings.maxBodyBytes();
        this.maxInFlight = settings.maxInFlight();
        this.topic = settings.topic();
        this.maxRecordSize = settings.kafkaMaxRecordSize();
        this.recordLimit = settings.kafkaRecordLimit();
        this.publisher = new KafkaPublisher(producer, topic, kafkaProblem);
        this.worker = worker;
        this.metrics = metrics;
        this.onAccepted = List.copyOf(onAccepted);
        metrics.inFlight(inFlight::get);
    }

    /** The answer to one request; it never completes exceptionally, every failure is an answer. */
    public CompletableFuture<AuditResponse> handle(AuditRequest request) {
        long start = System.nanoTime();
        String cluster = GatewayMetrics.UNKNOWN_CLUSTER;
        try {
            authenticator.check(request);
            cluster = clusters.resolve(request);
            if (request.bodyTooLarge()) {
                throw new RequestRejected(
                        Rejection.TOO_LARGE,
                        "the body is over the limit of " + maxBodyBytes + " bytes");
            }
        } catch (RequestRejected rejected) {
            return CompletableFuture.completedFuture(reject(rejected, cluster, 0, start));
        }
        metrics.received(cluster, request.body().length);
        if (!admit()) {
            return CompletableFuture.completedFuture(
                    reject(
                            accepting
                                    ? new RequestRejected(
                                            Rejection.OVERLOADED,
                                            maxInFlight + " batches are being stored already")
                                    : new RequestRejected(
                                            Rejection.SHUTTING_DOWN,
                                            "the gateway is shutting down"),
                            cluster,
                            0,
                            start));
        }
        String name = cluster;
        CompletableFuture<AuditResponse> response;
        try {
            response =
                    CompletableFuture.supplyAsync(() -> AuditBatch.parse(request.body()), worker)
                            .thenCompose(batch -> store(request, name, batch, start));
        } catch (RuntimeException e) {
            response = CompletableFuture.failedFuture(e);
        }
        return response.exceptionally(failure -> reject(unwrap(failure), name, 0, start))
                .whenComplete((answer, failure) -> release());
    }

    /**
     * Stops taking batches: later ones are answered 503, so kube-apiserver sends them again (to
     * another replica); batches under way are still stored and answered.
     */
    public void stopAccepting() {
        accepting = false;
    }

    /**
     * Sends the events that fit, trimmed where needed. Events too large even trimmed, and those
     * Kafka refuses as too large, are left out and the others stored: sending them again cannot
     * store them, so the answer is 413, which kube-apiserver does not retry.
     */
    private CompletableFuture<AuditResponse> store(
            AuditRequest request, String cluster, AuditBatch batch, long start) {
        AuditBatch.Records records;
        try {
            records = batch.records(topic, cluster, maxRecordSize);
        } catch (RequestRejected rejected) {
            return CompletableFuture.completedFuture(
                    reject(rejected, cluster, batch.size(), start));
        }
        return publisher
                .publish(records.fitting())
                .handle(
                        (sent, failure) -> {
                            if (failure == null) {
                                return stored(
                                        request,
                                        cluster,
                                        batch,
                                        records.fitting(),
                                        records.tooLarge(),
                                        start);
                            }
                            Throwable cause = unwrapCompletion(failure);
                            if (cause instanceof RefusedAsTooLarge refused) {
                                return stored(
                                        request,
                                        cluster,
                                        batch,
                                        records.fitting().stream()
                                                .filter(event -> !refused.refused.contains(event))
                                                .toList(),
                                        refusedReasons(cluster, records.tooLarge(), refused),
                                        start);
                            }
                            return reject(unwrap(cause), cluster, batch.size(), start);
                        });
    }

    /**
     * Kafka refused events the gateway let through: the topic takes less than {@code
     * kafka.max-record-size}, which an operator must change, so it is logged as an error.
     */
    private List<String> refusedReasons(
            String cluster, List<String> tooLarge, RefusedAsTooLarge refused) {
        String reason = refused.reason(topic, recordLimit);
        tooLargeLog
                .admit("cluster " + cluster + ": " + reason)
                .ifPresent(line -> LOG.error("{}", line));
        List<String> reasons = new ArrayList<>(tooLarge);
        reasons.add(reason);
        return reasons;
    }

    /**
     * Kafka holds {@code stored}: the dump and forwarders get them, and the answer is 200, or 413
     * naming each event left out and why, when there are any.
     */
    private AuditResponse stored(
            AuditRequest request,
            String cluster,
            AuditBatch batch,
            List<EventRecord> stored,
            List<String> leftOut,
            long start) {
        count(cluster, stored);
        if (leftOut.isEmpty() || !stored.isEmpty()) {
            // A partly stored batch is forwarded as the list of what Kafka holds.
            tell(
                    new AcceptedBatch(
                            cluster,
                            leftOut.isEmpty() ? request.body() : batch.eventList(stored),
                            stored.stream().map(event -> event.record().value()).toList()));
        }
        if (leftOut.isEmpty()) {
            return answer(AuditResponse.stored(stored.size()), cluster, start);
        }
        String reason =
                String.join("; ", leftOut)
                        + "; "
                        + switch (stored.size()) {
                            case 0 -> "nothing of the batch was stored";
                            case 1 -> "the batch's other event was stored";
                            default -> "the batch's other " + stored.size() + " events were stored";
                        };
        return reject(
                new RequestRejected(Rejection.EVENT_TOO_LARGE, reason),
                cluster,
                batch.size() - stored.size(),
                start);
    }

    private void tell(AcceptedBatch accepted) {
        for (Consumer<AcceptedBatch> listener : onAccepted) {
            try {
                listener.accept(accepted);
            } catch (RuntimeException e) {
                // The batch is stored: the dump or forwarder cannot undo that.
                LOG.warn("after storing a batch: {}", e.toString());
            }
        }
    }

    /** Counts stored events, and says which were trimmed to fit. */
    private void count(String cluster, List<EventRecord> stored) {
        metrics.stored(cluster, stored.size());
        int trimmed = 0;
        for (EventRecord event : stored) {
            Optional<String> line = event.trimmedLine(cluster);
            if (line.isPresent()) {
                trimmed++;
                trimmedLog.admit(line.get()).ifPresent(admitted -> LOG.warn("{}", admitted));
            }
        }
        if (trimmed > 0) {
            metrics.trimmed(cluster, trimmed);
        }
    }

    private boolean admit() {
        if (!accepting) {
            return false;
        }
        if (inFlight.incrementAndGet() <= maxInFlight) {
            return true;
        }
        release();
        return false;
    }

    private void release() {
        inFlight.decrementAndGet();
    }

    private static Throwable unwrapCompletion(Throwable failure) {
        return failure instanceof CompletionException ? failure.getCause() : failure;
    }

    private RequestRejected unwrap(Throwable failure) {
        Throwable cause = unwrapCompletion(failure);
        if (cause instanceof RequestRejected rejected) {
            return rejected;
        }
        if (cause instanceof KafkaException) {
            return new RequestRejected(
                    Rejection.KAFKA_UNAVAILABLE,
                    "Kafka did not store the batch: "
                            + cause.getMessage()
                            + publisher
                                    .explain(cause)
                                    .map(explanation -> "; " + explanation)
                                    .orElse(""));
        }
        LOG.error("audit batch failed unexpectedly", cause);
        return new RequestRejected(Rejection.INTERNAL, "the gateway failed: " + cause);
    }

    private AuditResponse reject(RequestRejected rejected, String cluster, int events, long start) {
        metrics.rejected(rejected.rejection, events);
        return answer(
                AuditResponse.rejected(rejected.rejection, rejected.getMessage()), cluster, start);
    }

    private AuditResponse answer(AuditResponse response, String cluster, long start) {
        metrics.answered(response.status(), cluster, System.nanoTime() - start);
        return response;
    }
}
