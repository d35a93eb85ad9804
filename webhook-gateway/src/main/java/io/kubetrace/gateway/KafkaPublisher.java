package io.kubetrace.gateway;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the records of a batch to Kafka; the batch is stored when Kafka acknowledged every record
 * (the producer runs with {@code acks=all} and idempotence).
 */
final class KafkaPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaPublisher.class);

    private final Producer<byte[], byte[]> producer;
    private final AtomicBoolean failing = new AtomicBoolean();

    KafkaPublisher(Producer<byte[], byte[]> producer) {
        this.producer = producer;
    }

    /**
     * Sends every record, and completes once each has been acknowledged or has failed: normally
     * when all were stored, else with the first failure. It waits for the failed batch's other
     * records too, so none is stored after its client was told 503. May block for up to {@code
     * max.block.ms} while Kafka's metadata or buffer space is missing: call it off the event loop.
     */
    CompletableFuture<Void> publish(List<ProducerRecord<byte[], byte[]>> records) {
        CompletableFuture<Void> stored = new CompletableFuture<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        // One count for each record under way, and one for the loop below until it has sent all.
        AtomicInteger pending = new AtomicInteger(1);
        Runnable finishOne =
                () -> {
                    if (pending.decrementAndGet() == 0) {
                        complete(stored, failure.get());
                    }
                };
        Callback callback =
                (metadata, exception) -> {
                    if (exception != null) {
                        failure.compareAndSet(null, exception);
                    }
                    finishOne.run();
                };
        for (ProducerRecord<byte[], byte[]> record : records) {
            // Once Kafka refused one record the batch is answered 503 and sent again whole, and
            // each further send could block for max.block.ms: stop here.
            if (failure.get() != null) {
                break;
            }
            pending.incrementAndGet();
            try {
                producer.send(record, callback);
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

    private void complete(CompletableFuture<Void> stored, Exception failure) {
        if (failure == null) {
            if (failing.compareAndSet(true, false)) {
                LOG.info("Kafka stores batches again");
            }
            stored.complete(null);
        } else {
            if (failing.compareAndSet(false, true)) {
                LOG.warn(
                        "Kafka did not store a batch, answering 503 until it does: {}",
                        failure.toString());
            }
            stored.completeExceptionally(failure);
        }
    }
}
