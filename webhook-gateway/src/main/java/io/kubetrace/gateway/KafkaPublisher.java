package io.kubetrace.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the records of a batch to Kafka; the batch is stored when Kafka acknowledged every record
 * (the producer runs with {@code acks=all} and idempotence).
 */
final class KafkaPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaPublisher.class);

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final Supplier<String> kafkaProblem;
    private final AtomicBoolean failing = new AtomicBoolean();
    private final RateLimitedLog operatorErrors =
            new RateLimitedLog(Duration.ofMinutes(1), System::nanoTime);

    /**
     * @param kafkaProblem what the readiness check last found wrong with Kafka or the topic, null
     *     when nothing: a send fails only with a timeout on a missing topic or an unreachable Kafka
     */
    KafkaPublisher(Producer<byte[], byte[]> producer, String topic, Supplier<String> kafkaProblem) {
        this.producer = producer;
        this.topic = topic;
        this.kafkaProblem = kafkaProblem;
    }

    /**
     * What an operator should know of a failed send: what to change when the failure says it, else
     * what the readiness check found; empty when neither knows more than the failure.
     */
    Optional<String> explain(Throwable failure) {
        return KafkaOperatorErrors.explain(failure, topic)
                .or(() -> Optional.ofNullable(kafkaProblem.get()));
    }

    /**
     * Sends every record, and completes once each has been acknowledged or has failed: normally
     * when all were stored; else with the first failure of Kafka, after which it sends no more;
     * else, when Kafka took all but records it refused as too large, with {@link
     * RefusedAsTooLarge}. It waits for the failed batch's other records too, so none is stored
     * after its client was told 503. May block for up to {@code max.block.ms} while Kafka's
     * metadata or buffer space is missing: call it off the event loop.
     */
    CompletableFuture<Void> publish(List<EventRecord> records) {
        CompletableFuture<Void> stored = new CompletableFuture<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        ConcurrentSkipListSet<Integer> tooLarge = new ConcurrentSkipListSet<>();
        AtomicReference<RecordTooLargeException> tooLargeCause = new AtomicReference<>();
        // One count for each record under way, and one for the loop below until it has sent all.
        AtomicInteger pending = new AtomicInteger(1);
        Runnable finishOne =
                () -> {
                    if (pending.decrementAndGet() == 0) {
                        complete(stored, failure.get(), records, tooLarge, tooLargeCause.get());
                    }
                };
        for (int i = 0; i < records.size(); i++) {
            // Once Kafka refused one record the batch is answered 503 and sent again whole, and
            // each further send could block for max.block.ms: stop here. A record refused as too
            // large is that record's fault alone: the others go on.
            if (failure.get() != null) {
                break;
            }
            int index = i;
            pending.incrementAndGet();
            try {
                producer.send(
                        records.get(i).record(),
                        (metadata, exception) -> {
                            if (exception instanceof RecordTooLargeException refused) {
                                tooLarge.add(index);
                                tooLargeCause.compareAndSet(null, refused);
                            } else if (exception != null) {
                                failure.compareAndSet(null, exception);
                            }
                            finishOne.run();
                        });
            } catch (RuntimeException e) {
                // send() throws, rather than calling back, when the producer is closed or broken.
                failure.compareAndSet(
                        null,
                        e instanceof KafkaException ? e : new KafkaException(e.getMessage(), e));
                finishOne.run();
            }
        }
        finishOne.run();
        return stored;
    }

    private void complete(
            CompletableFuture<Void> stored,
            Exception failure,
            List<EventRecord> records,
            ConcurrentSkipListSet<Integer> tooLarge,
            RecordTooLargeException tooLargeCause) {
        if (failure != null) {
            Optional<String> operatorError = explain(failure);
            if (operatorError.isPresent()) {
                operatorErrors
                        .admit(
                                "Kafka will not store batches until this is fixed: "
                                        + operatorError.get()
                                        + " ("
                                        + failure
                                        + "); answering 503, so kube-apiserver sends them again")
                        .ifPresent(line -> LOG.error("{}", line));
                failing.set(true);
            } else if (failing.compareAndSet(false, true)) {
                LOG.warn(
                        "Kafka did not store a batch, answering 503 until it does: {}",
                        failure.toString());
            }
            stored.completeExceptionally(failure);
            return;
        }
        if (failing.compareAndSet(true, false)) {
            LOG.info("Kafka stores batches again");
        }
        if (tooLarge.isEmpty()) {
            stored.complete(null);
        } else {
            stored.completeExceptionally(
                    new RefusedAsTooLarge(
                            tooLarge.stream().map(records::get).toList(), tooLargeCause));
        }
    }
}
