package io.kubetrace.operators;

import io.kubetrace.model.KubeEvent;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * One span per Event occurrence: passes the first Event of each (cluster, uid, resourceVersion) and
 * drops repeats (a watch that reconnects sends them again). An Event first seen more than {@code
 * event.max-age} behind the watermark comes from a relist after a restart, not from now: it was
 * traced when it happened, so it is dropped. Each key is forgotten {@code event.max-age} of event
 * time after its Event.
 */
public final class EventDeduplicator extends KeyedProcessFunction<String, KubeEvent, KubeEvent> {

    private static final long serialVersionUID = 1L;

    private final long maxAgeMillis;

    private transient ValueState<Long> forgetAt;
    private transient Tally deduplicated;
    private transient Counter relisted;

    public EventDeduplicator(Duration maxAge) {
        this.maxAgeMillis = maxAge.toMillis();
    }

    /** The key this operator expects: cluster, Event uid and resourceVersion. */
    public static String key(KubeEvent event) {
        return event.cluster() + '|' + event.uid() + '|' + event.resourceVersion();
    }

    /** When the key is forgotten (event time). */
    public static ValueStateDescriptor<Long> forgetAtState() {
        return new ValueStateDescriptor<>("forget-at", Types.LONG);
    }

    @Override
    public void open(OpenContext openContext) {
        forgetAt = getRuntimeContext().getState(forgetAtState());
        deduplicated = Tally.register(getRuntimeContext(), Tally.EVENTS_DEDUPLICATED);
        relisted = getRuntimeContext().getMetricGroup().counter("events.relisted");
    }

    @Override
    public void processElement(KubeEvent event, Context ctx, Collector<KubeEvent> out)
            throws Exception {
        if (forgetAt.value() != null) {
            deduplicated.increment();
            return;
        }
        long time = event.eventTimeMillis();
        long watermark = ctx.timerService().currentWatermark();
        if (watermark != Long.MIN_VALUE && time < watermark - maxAgeMillis) {
            relisted.inc();
            deduplicated.increment();
            return;
        }
        long forget = time + maxAgeMillis;
        forgetAt.update(forget);
        ctx.timerService().registerEventTimeTimer(forget);
        out.collect(event);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<KubeEvent> out) {
        forgetAt.clear();
    }
}
