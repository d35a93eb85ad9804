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
    private static final long IDLENESS = 10_000;

    private long now = 1_000_000;
    private final Emitted emitted = new Emitted();
    private final LiveWatermarks.Generator<Object> generator =
            new LiveWatermarks.Generator<>(OUT_OF_ORDERNESS, MAX_LAG, () -> now);

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

    @Test
    void aBacklogFollowsItsDataAloneSoThatItIsNotLate() {
        AuditSplit split = new AuditSplit();
        split.event(now - 3_600_000);
        split.emit();
        now += 60_000;
        split.emit();

        assertThat(split.emitted.watermarks).containsExactly(now - 60_000 - 3_600_000 - 5_001);
    }

    @Test
    void onceTheDataCaughtUpTheClockMovesTheWatermarkOnAQuietSplit() {
        AuditSplit split = new AuditSplit();
        split.event(now - 3_600_000);
        split.emit();
        split.event(now - 2_000);
        split.emit();
        now += 60_000;
        split.active += 60_000;
        split.emit();

        assertThat(split.emitted.watermarks)
                .containsExactly(
                        now - 60_000 - 3_600_000 - 5_001,
                        now - 60_000 - 2_000 - 5_001,
                        now - MAX_LAG);
        assertThat(split.emitted.statuses).isEmpty();
    }

    @Test
    void aSplitThatDrainedItsBacklogIsIdleUntilItsNextEvent() {
        AuditSplit split = new AuditSplit();
        split.event(now - 3_600_000);
        split.emit();
        split.active += IDLENESS;
        split.emit();
        split.emit();
        split.event(now - 3_500_000);
        split.emit();

        assertThat(split.emitted.statuses).containsExactly("idle", "active");
        assertThat(split.emitted.watermarks)
                .containsExactly(now - 3_600_000 - 5_001, now - 3_500_000 - 5_001);
    }

    @Test
    void aSplitHeldBackByTheJobIsNotIdle() {
        AuditSplit split = new AuditSplit();
        split.event(now - 3_600_000);
        // Backpressure: wall-clock time passes, but the activity clock stands still.
        now += 60_000;
        split.emit();

        assertThat(split.emitted.statuses).isEmpty();
    }

    @Test
    void aReaderWithoutDataIsIdleBeforeItCaughtUp() {
        AuditSplit reader = new AuditSplit();
        reader.emit();
        reader.active += IDLENESS;
        reader.emit();

        assertThat(reader.emitted.watermarks).isEmpty();
        assertThat(reader.emitted.statuses).containsExactly("idle");
    }

    /** An audit split: it follows the clock only once its data caught up with it. */
    private final class AuditSplit {
        long active;
        final Emitted emitted = new Emitted(true);
        final LiveWatermarks.Generator<Object> generator =
                LiveWatermarks.Generator.onceCaughtUp(
                        OUT_OF_ORDERNESS, MAX_LAG, IDLENESS, () -> now, () -> active);

        void event(long time) {
            generator.onEvent(null, time, emitted);
        }

        void emit() {
            generator.onPeriodicEmit(emitted);
        }
    }

    private static final class Emitted implements WatermarkOutput {
        final List<Long> watermarks = new ArrayList<>();
        final List<String> statuses = new ArrayList<>();
        private final boolean mayIdle;

        Emitted() {
            this(false);
        }

        Emitted(boolean mayIdle) {
            this.mayIdle = mayIdle;
        }

        @Override
        public void emitWatermark(Watermark watermark) {
            watermarks.add(watermark.getTimestamp());
        }

        @Override
        public void markIdle() {
            if (!mayIdle) {
                throw new AssertionError("a live source never idles: the wall clock moves it");
            }
            statuses.add("idle");
        }

        @Override
        public void markActive() {
            statuses.add("active");
        }
    }
}
