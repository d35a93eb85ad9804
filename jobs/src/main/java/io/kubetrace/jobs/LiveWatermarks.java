package io.kubetrace.jobs;

import io.kubetrace.model.ParsedObject;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Watermarks of a live source: they trail the newest event time by the out-of-orderness bound, as
 * in a backfill, and also follow the wall clock, never lagging it by more than {@code
 * watermark.max-lag}. A quiet cluster sends nothing for minutes; without the clock its traces would
 * stay open until the next change.
 */
public final class LiveWatermarks {

    /** Where the wall-clock time comes from; tests give their own. */
    @FunctionalInterface
    public interface WallClock extends Serializable {
        long millis();
    }

    private LiveWatermarks() {}

    public static WatermarkStrategy<ParsedObject> of(Duration maxOutOfOrderness, Duration maxLag) {
        return of(maxOutOfOrderness, maxLag, System::currentTimeMillis);
    }

    static WatermarkStrategy<ParsedObject> of(
            Duration maxOutOfOrderness, Duration maxLag, WallClock clock) {
        long outOfOrderness = maxOutOfOrderness.toMillis();
        long lag = maxLag.toMillis();
        WatermarkGeneratorSupplier<ParsedObject> generators =
                context -> new Generator(outOfOrderness, lag, clock);
        return WatermarkStrategy.forGenerator(generators)
                .withTimestampAssigner((object, previous) -> object.eventTimeMillis());
    }

    /** Emits the larger of the two bounds, and never goes back. */
    static final class Generator implements WatermarkGenerator<ParsedObject> {

        private final long maxOutOfOrderness;
        private final long maxLag;
        private final WallClock clock;
        private long newestEventTime = Long.MIN_VALUE;
        private long emitted = Long.MIN_VALUE;

        Generator(long maxOutOfOrderness, long maxLag, WallClock clock) {
            this.maxOutOfOrderness = maxOutOfOrderness;
            this.maxLag = maxLag;
            this.clock = clock;
        }

        @Override
        public void onEvent(ParsedObject event, long eventTimestamp, WatermarkOutput output) {
            newestEventTime = Math.max(newestEventTime, eventTimestamp);
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            long byData =
                    newestEventTime == Long.MIN_VALUE
                            ? Long.MIN_VALUE
                            : newestEventTime - maxOutOfOrderness - 1;
            long watermark = Math.max(byData, clock.millis() - maxLag);
            if (watermark > emitted) {
                emitted = watermark;
                output.emitWatermark(new Watermark(watermark));
            }
        }
    }
}
