package io.kubetrace.sources.kube.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));

    @Test
    void doublesWithJitterUpToItsMaximum() {
        for (int i = 0; i < 100; i++) {
            assertThat(backoff.delayMillis(0)).isBetween(250L, 500L);
            assertThat(backoff.delayMillis(1)).isBetween(500L, 1_000L);
            assertThat(backoff.delayMillis(3)).isBetween(2_000L, 4_000L);
            assertThat(backoff.delayMillis(6)).isBetween(15_000L, 30_000L);
            assertThat(backoff.delayMillis(1_000)).isBetween(15_000L, 30_000L);
        }
    }
}
