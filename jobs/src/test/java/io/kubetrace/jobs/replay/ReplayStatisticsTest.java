package io.kubetrace.jobs.replay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplayStatisticsTest {

    private static final long MILLI = 1_000_000L;

    @Test
    void summarisesEventsBatchesRetriesRateAndRoundTrips() {
        ReplayStatistics statistics = new ReplayStatistics();
        // 100 answers of 1..100 ms: nearest rank p50 is 50 ms, p99 99 ms.
        for (int ms = 100; ms >= 1; ms--) {
            statistics.answered(ms * MILLI);
        }
        for (int i = 0; i < 98; i++) {
            statistics.stored(400);
        }
        statistics.retried();
        statistics.retried();
        statistics.rejected();

        assertThat(statistics.storedAny()).isTrue();
        assertThat(statistics.percentile(50)).isEqualTo(50 * MILLI);
        assertThat(statistics.percentile(99)).isEqualTo(99 * MILLI);
        assertThat(statistics.percentile(100)).isEqualTo(100 * MILLI);
        assertThat(statistics.progress(4_000 * MILLI))
                .isEqualTo("sent 39200 events in 98 batches (2 retries) in 4.0 s: 9800 events/s");
        assertThat(statistics.summary(4_000 * MILLI))
                .isEqualTo(
                        "sent 39200 events in 98 batches (2 retries) in 4.0 s: 9800 events/s;"
                                + " round trip p50 50.0 ms, p99 99.0 ms; 1 rejected");
    }

    @Test
    void countsOneInTheSingular() {
        ReplayStatistics statistics = new ReplayStatistics();
        statistics.stored(1);
        statistics.retried();

        assertThat(statistics.progress(2_000 * MILLI))
                .isEqualTo("sent 1 event in 1 batch (1 retry) in 2.0 s: 1 events/s");
    }

    @Test
    void summarisesAReplayThatSentNothing() {
        assertThat(new ReplayStatistics().storedAny()).isFalse();
        assertThat(new ReplayStatistics().summary(0))
                .isEqualTo(
                        "sent 0 events in 0 batches (0 retries) in 0.0 s: 0 events/s;"
                                + " round trip p50 0.0 ms, p99 0.0 ms; 0 rejected");
    }
}
