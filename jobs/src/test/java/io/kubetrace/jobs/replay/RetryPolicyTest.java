package io.kubetrace.jobs.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(Duration.ofMinutes(2));

    @Test
    void backsOffExponentiallyWithJitterUpToACap() {
        for (int i = 0; i < 50; i++) {
            assertThat(policy.nextWait(1, Duration.ZERO, null).orElseThrow().toMillis())
                    .isBetween(125L, 250L);
            assertThat(policy.nextWait(3, Duration.ofSeconds(1), null).orElseThrow().toMillis())
                    .isBetween(500L, 1000L);
            assertThat(policy.nextWait(12, Duration.ofSeconds(30), null).orElseThrow().toMillis())
                    .isBetween(5_000L, 10_000L);
        }
    }

    @Test
    void waitsAtLeastAsLongAsTheAnswerAsks() {
        assertThat(policy.nextWait(1, Duration.ZERO, Duration.ofSeconds(1)))
                .contains(Duration.ofSeconds(1));
        assertThat(policy.nextWait(1, Duration.ZERO, Duration.ofSeconds(30)))
                .contains(Duration.ofSeconds(30));
        for (int i = 0; i < 50; i++) {
            // Retry-After: 0, or a date past, does not make the webhook be asked again at once.
            assertThat(policy.nextWait(1, Duration.ZERO, Duration.ZERO).orElseThrow().toMillis())
                    .isBetween(125L, 250L);
            // Nor does a short one shorten the backoff the failures so far have reached.
            assertThat(
                            policy.nextWait(12, Duration.ofSeconds(30), Duration.ofSeconds(1))
                                    .orElseThrow()
                                    .toMillis())
                    .isBetween(5_000L, 10_000L);
        }
    }

    @Test
    void givesUpWhenTheNextTryWouldStartPastTheLimit() {
        assertThat(policy.nextWait(1, Duration.ofSeconds(119), Duration.ofSeconds(1)))
                .contains(Duration.ofSeconds(1));
        assertThat(policy.nextWait(1, Duration.ofMillis(119_001), Duration.ofSeconds(1)))
                .isEqualTo(Optional.empty());
        // The backoff counts too: at 40 failures it is at least 5 s.
        assertThat(policy.nextWait(40, Duration.ofSeconds(115), Duration.ofSeconds(1))).isEmpty();
        assertThat(policy.nextWait(1, Duration.ZERO, Duration.ofMinutes(5))).isEmpty();
        assertThat(policy.giveUpAfter()).isEqualTo(Duration.ofMinutes(2));
    }
}
