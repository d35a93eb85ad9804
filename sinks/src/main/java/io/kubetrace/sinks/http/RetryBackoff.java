package io.kubetrace.sinks.http;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait before sending again: exponential from the initial wait, capped, with jitter so
 * the senders do not all come back at once; a receiver's {@code Retry-After} is a minimum.
 */
public final class RetryBackoff {

    /**
     * Answers that say "not now" rather than "no": too many requests, a proxy that could not reach
     * the receiver, unavailable, a gateway timeout. OTLP and kube-apiserver's webhook agree.
     */
    private static final Set<Integer> RETRYABLE = Set.of(429, 502, 503, 504);

    private final Duration initial;
    private final Duration max;

    public RetryBackoff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
    }

    /**
     * @param failures consecutive failures so far, at least 1
     * @param retryAfter what the receiver asked for, or {@code null}
     */
    public Duration next(int failures, Duration retryAfter) {
        long cap = max.toMillis();
        long exponential = initial.toMillis() << Math.min(failures - 1, 20);
        long ceiling = Math.max(1, Math.min(cap, exponential));
        long jittered = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
        Duration wait = Duration.ofMillis(jittered);
        return retryAfter != null && retryAfter.compareTo(wait) > 0 ? retryAfter : wait;
    }

    /** Whether an HTTP status means the same request may succeed later. */
    public static boolean isRetryable(int status) {
        return RETRYABLE.contains(status);
    }

    /** {@code Retry-After} as seconds or as an HTTP date; {@code null} when unreadable. */
    public static Duration retryAfter(String value) {
        try {
            return Duration.ofSeconds(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            try {
                Duration until =
                        Duration.between(
                                ZonedDateTime.now(),
                                ZonedDateTime.parse(
                                        value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME));
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }
}
