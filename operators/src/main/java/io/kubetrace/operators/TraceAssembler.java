package io.kubetrace.operators;

import io.kubetrace.model.AuditRecord;
import io.kubetrace.model.ObjectRef;
import io.kubetrace.model.Observation;
import io.kubetrace.model.ObservationKind;
import io.kubetrace.model.SpanRecord;
import io.kubetrace.model.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns resolved changes into the spans of one trace per root object and window (keyed by {@link
 * TraceKey}).
 *
 * <p>A change's span goes out at once, under its object's span, whose ID is known before the object
 * span itself exists. Object spans wait: each covers the first to the last activity in its subtree,
 * so they are emitted once the tree has been quiet for {@code trace.quiet}, or when the window
 * ends; an object that appears later in the window gets its span at the next quiet period. At the
 * window's end plus {@code trace.lateness} the state is cleared, keeping only which object spans
 * were emitted, for {@code trace.late-memory} of processing time, so that late changes do not emit
 * those spans again.
 */
public final class TraceAssembler extends KeyedProcessFunction<String, TraceEvent, SpanRecord> {

    private static final long serialVersionUID = 1L;

    private final TraceSettings settings;

    private transient MapState<String, ObjectActivity> objects;
    private transient ValueState<Long> quietTimer;
    private transient MapState<String, Boolean> emittedBeforeClose;
    private transient ValueState<Long> forgetTimer;
    private transient Tally traced;
    private transient Tally eventsTraced;
    private transient Tally late;
    private transient Tally spans;
    private transient Tally traces;

    public TraceAssembler(TraceSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        objects =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "objects", Types.STRING, Types.POJO(ObjectActivity.class)));
        quietTimer =
                getRuntimeContext().getState(new ValueStateDescriptor<>("quiet-timer", Types.LONG));
        emittedBeforeClose =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "emitted-before-close", Types.STRING, Types.BOOLEAN));
        forgetTimer =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("forget-timer", Types.LONG));
        traced = Tally.register(getRuntimeContext(), Tally.TRACED);
        eventsTraced = Tally.register(getRuntimeContext(), Tally.EVENTS_TRACED);
        late = Tally.register(getRuntimeContext(), Tally.LATE);
        spans = Tally.register(getRuntimeContext(), Tally.SPANS);
        traces = Tally.register(getRuntimeContext(), Tally.TRACES);
    }

    @Override
    public void processElement(TraceEvent event, Context ctx, Collector<SpanRecord> out)
            throws Exception {
        String key = ctx.getCurrentKey();
        long windowIndex = TraceKey.windowIndex(key);
        String traceId = TraceIds.traceId(TraceKey.rootKey(key), windowIndex);
        long windowLast = settings.windowEnd(windowIndex) - 1;
        long closeAt = windowLast + settings.lateness().toMillis();
        long watermark = ctx.timerService().currentWatermark();

        (event.observation().kind() == ObservationKind.EVENT ? eventsTraced : traced).increment();
        // The record's timestamp is when the linker let it go (its time, or later when it waited
        // for a parent); only a record behind the watermark on arrival was late.
        if (ctx.timestamp() != null && ctx.timestamp() <= watermark) {
            late.increment();
        }
        emit(SpanFactory.observationSpan(traceId, event.observation()), out);

        if (watermark >= closeAt) {
            traceClosedWindow(traceId, event, ctx, out);
            return;
        }
        recordActivity(event);
        ctx.timerService().registerEventTimeTimer(windowLast);
        ctx.timerService().registerEventTimeTimer(closeAt);
        if (watermark >= windowLast) {
            emitObjectSpans(traceId, out);
        } else {
            scheduleQuietTimer(event.root().key(), windowLast, ctx);
        }
    }

    private void recordActivity(TraceEvent event) throws Exception {
        Observation observation = event.observation();
        long start = startNanos(observation);
        long end = endNanos(observation);
        List<ObjectRef> path = event.path();
        for (int i = 0; i < path.size(); i++) {
            ObjectRef object = path.get(i);
            String parentKey = i == 0 ? "" : path.get(i - 1).key();
            ObjectActivity known = objects.get(object.key());
            ObjectActivity activity;
            if (known == null) {
                activity = ObjectActivity.first(object, parentKey, start, end);
            } else if (known.emitted() || known.parentKey().equals(parentKey)) {
                activity = known.covering(start, end);
            } else {
                activity = ObjectActivity.first(object, parentKey, start, end);
                activity = activity.covering(known.startNanos(), known.endNanos());
            }
            if (i == path.size() - 1) {
                activity = describedBy(activity, observation);
            }
            objects.put(object.key(), activity);
        }
    }

    /** What the observation tells about its own object: the fuller reference, a Pod's node. */
    private static ObjectActivity describedBy(ObjectActivity activity, Observation observation) {
        AuditRecord audit = observation.audit();
        return audit == null
                ? activity.describedBy(observation.object(), "")
                : activity.describedBy(audit.object(), audit.nodeName());
    }

    private static long startNanos(Observation observation) {
        return observation.kind() == ObservationKind.CHANGE
                ? observation.audit().requestReceivedNanos()
                : observation.timeNanos();
    }

    private static long endNanos(Observation observation) {
        return observation.kind() == ObservationKind.CHANGE
                ? Math.max(
                        observation.audit().stageNanos(),
                        observation.audit().requestReceivedNanos())
                : observation.timeNanos() + SpanFactory.EVENT_SPAN_NANOS;
    }

    private void scheduleQuietTimer(String rootKey, long windowLast, Context ctx) throws Exception {
        long lastActivityMillis = Math.floorDiv(objects.get(rootKey).endNanos(), 1_000_000L);
        long quietAt = Math.min(lastActivityMillis + settings.quiet().toMillis(), windowLast);
        Long scheduled = quietTimer.value();
        if (scheduled != null && scheduled == quietAt) {
            return;
        }
        if (scheduled != null && scheduled != windowLast) {
            ctx.timerService().deleteEventTimeTimer(scheduled);
        }
        ctx.timerService().registerEventTimeTimer(quietAt);
        quietTimer.update(quietAt);
    }

    /** A change that came after its window was closed: its objects' spans go out once each. */
    private void traceClosedWindow(
            String traceId, TraceEvent event, Context ctx, Collector<SpanRecord> out)
            throws Exception {
        Observation observation = event.observation();
        long start = startNanos(observation);
        long end = endNanos(observation);
        List<ObjectRef> path = event.path();
        for (int i = 0; i < path.size(); i++) {
            ObjectRef object = path.get(i);
            if (emittedBeforeClose.contains(object.key())) {
                continue;
            }
            ObjectActivity activity =
                    ObjectActivity.first(object, i == 0 ? "" : path.get(i - 1).key(), start, end);
            if (i == path.size() - 1) {
                activity = describedBy(activity, observation);
            }
            emitObjectSpan(traceId, activity, out);
            emittedBeforeClose.put(object.key(), true);
        }
        rememberEmittedUntilLater(ctx);
    }

    @Override
    public void onTimer(long time, OnTimerContext ctx, Collector<SpanRecord> out) throws Exception {
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            emittedBeforeClose.clear();
            forgetTimer.clear();
            return;
        }
        String key = ctx.getCurrentKey();
        long windowIndex = TraceKey.windowIndex(key);
        String traceId = TraceIds.traceId(TraceKey.rootKey(key), windowIndex);
        emitObjectSpans(traceId, out);
        Long quiet = quietTimer.value();
        if (quiet != null && quiet == time) {
            quietTimer.clear();
        }
        long closeAt = settings.windowEnd(windowIndex) - 1 + settings.lateness().toMillis();
        if (time >= closeAt) {
            close(ctx);
        }
    }

    private void emitObjectSpans(String traceId, Collector<SpanRecord> out) throws Exception {
        List<ObjectActivity> emitted = new ArrayList<>();
        for (Map.Entry<String, ObjectActivity> entry : objects.entries()) {
            if (!entry.getValue().emitted()) {
                emitObjectSpan(traceId, entry.getValue(), out);
                emitted.add(entry.getValue().markEmitted());
            }
        }
        for (ObjectActivity activity : emitted) {
            objects.put(activity.object().key(), activity);
        }
    }

    private void emitObjectSpan(
            String traceId, ObjectActivity activity, Collector<SpanRecord> out) {
        if (activity.parentKey().isEmpty()) {
            traces.increment();
        }
        emit(SpanFactory.objectSpan(traceId, activity), out);
    }

    private void emit(SpanRecord span, Collector<SpanRecord> out) {
        spans.increment();
        out.collect(span);
    }

    private void close(OnTimerContext ctx) throws Exception {
        for (String objectKey : objects.keys()) {
            emittedBeforeClose.put(objectKey, true);
        }
        objects.clear();
        quietTimer.clear();
        rememberEmittedUntilLater(ctx);
    }

    private void rememberEmittedUntilLater(Context ctx) throws Exception {
        if (forgetTimer.value() == null) {
            long forgetAt =
                    ctx.timerService().currentProcessingTime() + settings.lateMemory().toMillis();
            ctx.timerService().registerProcessingTimeTimer(forgetAt);
            forgetTimer.update(forgetAt);
        }
    }
}
