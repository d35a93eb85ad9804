package io.kubetrace.sinks.otlp;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait before sending again: exponential from the initial wait, capped, with jitter so
 * the subtasks of a job do not all come back at once; a receiver's {@code Retry-After} is a
 * minimum.
 */
final class RetryBackoff {

    private final Duration initial;
    private final Duration max;

    RetryBackoff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
    }

    /**
     * @param failures consecutive failures so far, at least 1
     * @param retryAfter what the receiver asked for, or {@code null}
     */
    Duration next(int failures, Duration retryAfter) {
        long cap = max.toMillis();
        long exponential = initial.toMillis() << Math.min(failures - 1, 20);
        long ceiling = Math.max(1, Math.min(cap, exponential));
        long jittered = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
        Duration wait = Duration.ofMillis(jittered);
        return retryAfter != null && retryAfter.compareTo(wait) > 0 ? retryAfter : wait;
    }
}
