package io.kubetrace.operators;

import io.kubetrace.model.AuditRecord;
import io.kubetrace.model.ObjectRef;
import io.kubetrace.model.Observation;
import io.kubetrace.model.ObservationKind;
import io.kubetrace.model.SpanLink;
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
    private transient ValueState<Integer> spansInTrace;
    private transient ValueState<Boolean> truncated;
    private transient Tally traced;
    private transient Tally eventsTraced;
    private transient Tally late;
    private transient Tally spans;
    private transient Tally traces;

    public TraceAssembler(TraceSettings settings) {
        this.settings = settings;
    }

    /** Each object of the trace and its activity so far, by object key. */
    public static MapStateDescriptor<String, ObjectActivity> objectsState() {
        return new MapStateDescriptor<>("objects", Types.STRING, Types.POJO(ObjectActivity.class));
    }

    /** When the quiet-period timer is set for, if it is. */
    public static ValueStateDescriptor<Long> quietTimerState() {
        return new ValueStateDescriptor<>("quiet-timer", Types.LONG);
    }

    /** After the window closed: the keys of the objects whose spans were emitted. */
    public static MapStateDescriptor<String, Boolean> emittedBeforeCloseState() {
        return new MapStateDescriptor<>("emitted-before-close", Types.STRING, Types.BOOLEAN);
    }

    /** When the emitted object spans are forgotten (processing time), if a timer is set. */
    public static ValueStateDescriptor<Long> forgetTimerState() {
        return new ValueStateDescriptor<>("forget-timer", Types.LONG);
    }

    /** How many spans the root's own trace holds. */
    public static ValueStateDescriptor<Integer> spansInTraceState() {
        return new ValueStateDescriptor<>("spans-in-trace", Types.INT);
    }

    /** Whether the trace reached {@code trace.max-spans}. */
    public static ValueStateDescriptor<Boolean> truncatedState() {
        return new ValueStateDescriptor<>("truncated", Types.BOOLEAN);
    }

    @Override
    public void open(OpenContext openContext) {
        objects = getRuntimeContext().getMapState(objectsState());
        quietTimer = getRuntimeContext().getState(quietTimerState());
        emittedBeforeClose = getRuntimeContext().getMapState(emittedBeforeCloseState());
        forgetTimer = getRuntimeContext().getState(forgetTimerState());
        spansInTrace = getRuntimeContext().getState(spansInTraceState());
        truncated = getRuntimeContext().getState(truncatedState());
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
        if (watermark >= closeAt) {
            emit(SpanFactory.observationSpan(traceId, event.observation()), out);
            traceClosedWindow(traceId, event, ctx, out);
            return;
        }
        TracePlacement placement = place(event);
        if (placement.isOverflow()) {
            String overflowTrace = TraceIds.traceId(placement.traceRootKey(), windowIndex);
            emit(SpanFactory.observationSpan(overflowTrace, event.observation()), out);
        } else {
            emitInOwnTrace(SpanFactory.observationSpan(traceId, event.observation()), out);
        }
        recordActivity(event, placement);
        ctx.timerService().registerEventTimeTimer(windowLast);
        ctx.timerService().registerEventTimeTimer(closeAt);
        if (watermark >= windowLast) {
            emitObjectSpans(traceId, windowIndex, out);
        } else {
            scheduleQuietTimer(event.root().key(), windowLast, ctx);
        }
    }

    /**
     * Where the change goes: into the trace its path already leads to, or, when the root's trace is
     * full, into a trace of its own rooted at the first object on its path that is new.
     */
    private TracePlacement place(TraceEvent event) throws Exception {
        List<ObjectRef> path = event.path();
        for (int i = 1; i < path.size(); i++) {
            ObjectActivity known = objects.get(path.get(i).key());
            if (known != null && known.inOverflowTrace()) {
                int first = i;
                for (int j = 1; j <= i; j++) {
                    if (path.get(j).key().equals(known.traceRootKey())) {
                        first = j;
                    }
                }
                return new TracePlacement(known.traceRootKey(), first, path.get(first - 1).key());
            }
        }
        Integer spans = spansInTrace.value();
        if (spans == null || spans < settings.maxSpans()) {
            return TracePlacement.OWN_TRACE;
        }
        for (int i = 1; i < path.size(); i++) {
            if (!objects.contains(path.get(i).key())) {
                truncated.update(true);
                return new TracePlacement(path.get(i).key(), i, path.get(i - 1).key());
            }
        }
        return TracePlacement.OWN_TRACE;
    }

    private void recordActivity(TraceEvent event, TracePlacement placement) throws Exception {
        Observation observation = event.observation();
        long start = startNanos(observation);
        long end = endNanos(observation);
        List<ObjectRef> path = event.path();
        for (int i = placement.firstIndex(); i < path.size(); i++) {
            ObjectRef object = path.get(i);
            String parentKey = i == placement.firstIndex() ? "" : path.get(i - 1).key();
            ObjectActivity known = objects.get(object.key());
            ObjectActivity activity;
            if (known == null) {
                activity = ObjectActivity.first(object, parentKey, start, end, placement);
            } else if (known.emitted() || known.parentKey().equals(parentKey)) {
                activity = known.covering(start, end);
            } else {
                activity = ObjectActivity.first(object, parentKey, start, end, placement);
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
                    ObjectActivity.first(
                            object,
                            i == 0 ? "" : path.get(i - 1).key(),
                            start,
                            end,
                            TracePlacement.OWN_TRACE);
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
        emitObjectSpans(traceId, windowIndex, out);
        Long quiet = quietTimer.value();
        if (quiet != null && quiet == time) {
            quietTimer.clear();
        }
        long closeAt = settings.windowEnd(windowIndex) - 1 + settings.lateness().toMillis();
        if (time >= closeAt) {
            close(ctx);
        }
    }

    private void emitObjectSpans(String traceId, long windowIndex, Collector<SpanRecord> out)
            throws Exception {
        List<ObjectActivity> emitted = new ArrayList<>();
        for (Map.Entry<String, ObjectActivity> entry : objects.entries()) {
            ObjectActivity activity = entry.getValue();
            if (!activity.emitted()) {
                if (activity.inOverflowTrace()) {
                    emitOverflowObjectSpan(traceId, windowIndex, activity, out);
                } else {
                    emitObjectSpan(traceId, activity, out);
                }
                emitted.add(activity.markEmitted());
            }
        }
        for (ObjectActivity activity : emitted) {
            objects.put(activity.object().key(), activity);
        }
    }

    private void emitObjectSpan(String traceId, ObjectActivity activity, Collector<SpanRecord> out)
            throws Exception {
        boolean root = activity.parentKey().isEmpty();
        if (root) {
            traces.increment();
        }
        boolean full = root && Boolean.TRUE.equals(truncated.value());
        emitInOwnTrace(SpanFactory.objectSpan(traceId, activity, List.of(), full), out);
    }

    /** An object of a trace started because its root's trace was full, linked back into it. */
    private void emitOverflowObjectSpan(
            String fullTraceId,
            long windowIndex,
            ObjectActivity activity,
            Collector<SpanRecord> out) {
        String traceId = TraceIds.traceId(activity.traceRootKey(), windowIndex);
        List<SpanLink> links = List.of();
        if (!activity.linkedParentKey().isEmpty()) {
            traces.increment();
            links =
                    List.of(
                            new SpanLink(
                                    fullTraceId,
                                    TraceIds.objectSpanId(
                                            fullTraceId, activity.linkedParentKey())));
        }
        emit(SpanFactory.objectSpan(traceId, activity, links, false), out);
    }

    /** A span of the root's own trace, which counts towards {@code trace.max-spans}. */
    private void emitInOwnTrace(SpanRecord span, Collector<SpanRecord> out) throws Exception {
        Integer count = spansInTrace.value();
        spansInTrace.update(count == null ? 1 : count + 1);
        emit(span, out);
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
        spansInTrace.clear();
        truncated.clear();
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
