package io.kubetrace.jobs.replay;

import io.kubetrace.sinks.http.RetryBackoff;
import java.time.Duration;
import java.util.Optional;

/**
 * When a batch is sent again, as kube-apiserver's webhook does: after an answer it may retry (see
 * {@link WebhookAnswer#retryable()}) or none at all, after a backoff that doubles, with jitter, and
 * at least the wait the answer asked for; until a time limit for the batch, after which the replay
 * gives up.
 */
public final class RetryPolicy {

    static final Duration INITIAL_BACKOFF = Duration.ofMillis(250);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final RetryBackoff backoff;
    private final Duration giveUpAfter;

    /**
     * @param giveUpAfter how long one batch is tried, from its first try
     */
    public RetryPolicy(Duration giveUpAfter) {
        this(new RetryBackoff(INITIAL_BACKOFF, MAX_BACKOFF), giveUpAfter);
    }

    RetryPolicy(RetryBackoff backoff, Duration giveUpAfter) {
        this.backoff = backoff;
        this.giveUpAfter = giveUpAfter;
    }

    public Duration giveUpAfter() {
        return giveUpAfter;
    }

    /**
     * The wait before the next try of a batch.
     *
     * @param failures the batch's tries so far, all failed, at least 1
     * @param elapsed since its first try
     * @param retryAfter what the last answer asked for, {@code null} when it did not; a minimum, so
     *     that {@code Retry-After: 0} or a date past does not ask again at once, again and again
     * @return empty when the next try would start past the time limit: give up
     */
    public Optional<Duration> nextWait(int failures, Duration elapsed, Duration retryAfter) {
        Duration wait = backoff.next(failures, retryAfter);
        return elapsed.plus(wait).compareTo(giveUpAfter) > 0 ? Optional.empty() : Optional.of(wait);
    }
}
