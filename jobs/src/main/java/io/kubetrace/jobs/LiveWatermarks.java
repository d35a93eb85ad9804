package io.kubetrace.jobs;

import java.io.Serializable;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Watermarks of a live source: they trail the newest event time by the out-of-orderness bound, as
 * in a backfill, and also follow the wall clock, never lagging it by more than {@code
 * watermark.max-lag}. A quiet cluster sends nothing for minutes; without the clock its traces would
 * stay open until the next change. Each split (a Kafka partition, a watched resource) has its own.
 */
public final class LiveWatermarks {

    /** Where the wall-clock time comes from; tests give their own. */
    @FunctionalInterface
    public interface WallClock extends Serializable {
        long millis();
    }

    private LiveWatermarks() {}

    /**
     * For sources whose event time is when they received a record (the watches): the data is never
     * far behind the clock, so the clock bounds the watermark from the start.
     */
    public static <T> WatermarkStrategy<T> of(
            Duration maxOutOfOrderness,
            Duration maxLag,
            SerializableTimestampAssigner<T> timestamps) {
        long outOfOrderness = maxOutOfOrderness.toMillis();
        long lag = maxLag.toMillis();
        WallClock clock = System::currentTimeMillis;
        WatermarkGeneratorSupplier<T> generators =
                context -> new Generator<>(outOfOrderness, lag, clock);
        return WatermarkStrategy.forGenerator(generators).withTimestampAssigner(timestamps);
    }

    /**
     * For sources that may hold a backlog (the audit topic after a stop, audit files before it):
     * each split follows its data until the data has caught up with the clock (an event within
     * {@code maxLag} of it), and from then on the clock as well. Following the clock earlier would
     * make the whole backlog late. A split that has not caught up and has sent nothing for {@code
     * idleness} (of time the source was not held back) is idle, so a drained partition, or a reader
     * without one, does not hold the others back.
     */
    public static <T> WatermarkStrategy<T> onceCaughtUp(
            Duration maxOutOfOrderness,
            Duration maxLag,
            Duration idleness,
            SerializableTimestampAssigner<T> timestamps) {
        long outOfOrderness = maxOutOfOrderness.toMillis();
        long lag = maxLag.toMillis();
        long idle = idleness.toMillis();
        WallClock clock = System::currentTimeMillis;
        WatermarkGeneratorSupplier<T> generators =
                context ->
                        Generator.onceCaughtUp(
                                outOfOrderness,
                                lag,
                                idle,
                                clock,
                                context.getInputActivityClock()::relativeTimeMillis);
        return WatermarkStrategy.forGenerator(generators).withTimestampAssigner(timestamps);
    }

    /**
     * Emits the larger of the data bound and, once it applies, the clock bound; never goes back.
     */
    static final class Generator<T> implements WatermarkGenerator<T> {

        private final long maxOutOfOrderness;
        private final long maxLag;
        private final WallClock clock;
        private final long idleness;
        private final LongSupplier activeMillis;
        private boolean followsClock;
        private long newestEventTime = Long.MIN_VALUE;
        private long emitted = Long.MIN_VALUE;
        private long lastEventAt;
        private boolean idle;

        /** A generator that follows the clock from the start, and so is never idle. */
        Generator(long maxOutOfOrderness, long maxLag, WallClock clock) {
            this(maxOutOfOrderness, maxLag, clock, true, Long.MAX_VALUE, () -> 0L);
        }

        private Generator(
                long maxOutOfOrderness,
                long maxLag,
                WallClock clock,
                boolean followsClock,
                long idleness,
                LongSupplier activeMillis) {
            this.maxOutOfOrderness = maxOutOfOrderness;
            this.maxLag = maxLag;
            this.clock = clock;
            this.followsClock = followsClock;
            this.idleness = idleness;
            this.activeMillis = activeMillis;
            this.lastEventAt = activeMillis.getAsLong();
        }

        /**
         * @param activeMillis a clock that stands still while the source is held back, so that
         *     backpressure does not make a split idle
         */
        static <T> Generator<T> onceCaughtUp(
                long maxOutOfOrderness,
                long maxLag,
                long idleness,
                WallClock clock,
                LongSupplier activeMillis) {
            return new Generator<>(maxOutOfOrderness, maxLag, clock, false, idleness, activeMillis);
        }

        @Override
        public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
            newestEventTime = Math.max(newestEventTime, eventTimestamp);
            lastEventAt = activeMillis.getAsLong();
            if (idle) {
                idle = false;
                output.markActive();
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            long now = clock.millis();
            long clockBound = now - maxLag;
            if (!followsClock && newestEventTime != Long.MIN_VALUE) {
                followsClock = newestEventTime >= clockBound;
            }
            if (!followsClock && activeMillis.getAsLong() - lastEventAt >= idleness) {
                if (!idle) {
                    idle = true;
                    output.markIdle();
                }
                return;
            }
            long byData =
                    newestEventTime == Long.MIN_VALUE
                            ? Long.MIN_VALUE
                            : newestEventTime - maxOutOfOrderness - 1;
            long watermark = followsClock ? Math.max(byData, clockBound) : byData;
            if (watermark > emitted) {
                emitted = watermark;
                output.emitWatermark(new Watermark(watermark));
            }
        }
    }
}
