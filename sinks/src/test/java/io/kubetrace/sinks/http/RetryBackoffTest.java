package io.kubetrace.sinks.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {

    @Test
    void backsOffExponentiallyWithJitterAndHonoursRetryAfter() {
        RetryBackoff backoff = new RetryBackoff(Duration.ofMillis(100), Duration.ofSeconds(2));

        for (int i = 0; i < 50; i++) {
            assertThat(backoff.next(1, null).toMillis()).isBetween(50L, 100L);
            assertThat(backoff.next(3, null).toMillis()).isBetween(200L, 400L);
            assertThat(backoff.next(30, null).toMillis()).isBetween(1000L, 2000L);
        }
        assertThat(backoff.next(1, Duration.ofSeconds(7))).isEqualTo(Duration.ofSeconds(7));
        assertThat(RetryBackoff.retryAfter("3")).isEqualTo(Duration.ofSeconds(3));
        assertThat(RetryBackoff.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT"))
                .isEqualTo(Duration.ZERO);
        assertThat(RetryBackoff.retryAfter("soon")).isNull();
    }

    @Test
    void retriesOnlyWhatMaySucceedLater() {
        assertThat(RetryBackoff.isRetryable(429)).isTrue();
        assertThat(RetryBackoff.isRetryable(502)).isTrue();
        assertThat(RetryBackoff.isRetryable(503)).isTrue();
        assertThat(RetryBackoff.isRetryable(504)).isTrue();
        assertThat(RetryBackoff.isRetryable(400)).isFalse();
        assertThat(RetryBackoff.isRetryable(401)).isFalse();
        assertThat(RetryBackoff.isRetryable(413)).isFalse();
        assertThat(RetryBackoff.isRetryable(500)).isFalse();
    }
}
