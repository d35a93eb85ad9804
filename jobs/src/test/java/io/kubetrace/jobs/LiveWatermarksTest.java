package io.kubetrace.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

class LiveWatermarksTest {

    private static final long OUT_OF_ORDERNESS = 5_000;
    private static final long MAX_LAG = 30_000;

    private long now = 1_000_000;
    private final Emitted emitted = new Emitted();
    private final LiveWatermarks.Generator generator =
            new LiveWatermarks.Generator(OUT_OF_ORDERNESS, MAX_LAG, () -> now);

    @Test
    void aQuietSourceFollowsTheWallClockBehindByTheMaximumLag() {
        generator.onPeriodicEmit(emitted);
        now += 60_000;
        generator.onPeriodicEmit(emitted);

        assertThat(emitted.watermarks).containsExactly(1_000_000 - MAX_LAG, 1_060_000 - MAX_LAG);
    }

    @Test
    void freshDataMovesTheWatermarkAheadOfTheLagBound() {
        generator.onEvent(null, now - 1_000, emitted);
        generator.onPeriodicEmit(emitted);

        assertThat(emitted.watermarks).containsExactly(now - 1_000 - OUT_OF_ORDERNESS - 1);
    }

    @Test
    void oldDataDoesNotHoldTheWatermarkBack() {
        generator.onEvent(null, now - 3_600_000, emitted);
        generator.onPeriodicEmit(emitted);

        assertThat(emitted.watermarks).containsExactly(now - MAX_LAG);
    }

    @Test
    void theWatermarkNeverGoesBackWhenTheClockDoes() {
        generator.onPeriodicEmit(emitted);
        now -= 10_000;
        generator.onPeriodicEmit(emitted);
        now += 20_000;
        generator.onPeriodicEmit(emitted);

        assertThat(emitted.watermarks).containsExactly(1_000_000 - MAX_LAG, 1_010_000 - MAX_LAG);
    }

    private static final class Emitted implements WatermarkOutput {
        final List<Long> watermarks = new ArrayList<>();

        @Override
        public void emitWatermark(Watermark watermark) {
            watermarks.add(watermark.getTimestamp());
        }

        @Override
        public void markIdle() {
            throw new AssertionError("a live source never idles: the wall clock moves it");
        }

        @Override
        public void markActive() {}
    }
}
