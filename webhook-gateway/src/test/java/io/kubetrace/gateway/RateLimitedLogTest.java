package io.kubetrace.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimitedLogTest {

    private final AtomicLong nanos = new AtomicLong(5_000);
    private final RateLimitedLog log = new RateLimitedLog(Duration.ofMinutes(1), nanos::get);

    @Test
    void logsTheFirstLineAtOnceThenOnePerIntervalWithHowManyItStandsFor() {
        assertThat(log.admit("trimmed a")).contains("trimmed a");
        nanos.addAndGet(Duration.ofSeconds(20).toNanos());
        assertThat(log.admit("trimmed b")).isEmpty();
        nanos.addAndGet(Duration.ofSeconds(39).toNanos());
        assertThat(log.admit("trimmed c")).isEmpty();
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(log.admit("trimmed d"))
                .contains("trimmed d (and 2 more like it since the last such line)");
        nanos.addAndGet(Duration.ofMinutes(5).toNanos());
        assertThat(log.admit("trimmed e")).contains("trimmed e");
    }
}
