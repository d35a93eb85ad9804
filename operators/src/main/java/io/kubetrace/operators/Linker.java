package io.kubetrace.operators;

import io.kubetrace.model.ObjectRef;
import io.kubetrace.model.Observation;
import io.kubetrace.model.ObservationKind;
import io.kubetrace.model.TraceEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Places each change and Event in its ownership tree. Keyed by (cluster, namespace), since owner
 * references stay inside a namespace: every object's parent, learned from the bodies of audit
 * events and from object versions (controller owner reference, or a parent-link annotation), lives
 * in this key's state. Object versions only teach; changes and Events go on as trace events.
 *
 * <p>An event waits until the watermark passes its time, so that everything that happened before it
 * has been learned, then walks from its object up to the root. If an object on the way has a parent
 * nobody has told of yet, the event waits {@code link.grace} longer, then goes on with the part of
 * the path that is known. A parent in another namespace or cluster ends the walk: it is the root as
 * far as this key can see.
 */
public final class Linker extends KeyedProcessFunction<String, Observation, TraceEvent> {

    private static final long serialVersionUID = 1L;

    private final LinkSettings settings;

    private transient MapState<String, ParentLink> links;
    private transient MapState<Long, List<Observation>> waiting;
    private transient MapState<Long, List<String>> expiring;
    private transient Counter resolved;
    private transient Counter unresolved;

    public Linker(LinkSettings settings) {
        this.settings = settings;
    }

    /** The key this operator expects: the cluster and namespace of the observed object. */
    public static String key(Observation observation) {
        return observation.object().namespaceKey();
    }

    /**
     * Each object's parent, by object key. Links nothing refreshes expire after {@code
     * link.idle-ttl} of processing time.
     */
    public static MapStateDescriptor<String, ParentLink> parentsState(LinkSettings settings) {
        MapStateDescriptor<String, ParentLink> descriptor =
                new MapStateDescriptor<>("parents", Types.STRING, Types.POJO(ParentLink.class));
        descriptor.enableTimeToLive(
                StateTtlConfig.newBuilder(settings.idleTtl())
                        // Walking through an ancestor keeps it: a ReplicaSet nobody writes to stays
                        // linked to its Deployment as long as its Pods are busy.
                        .setUpdateType(StateTtlConfig.UpdateType.OnReadAndWrite)
                        .build());
        return descriptor;
    }

    /** Changes and Events waiting for the watermark, by the event time they wait for. */
    public static MapStateDescriptor<Long, List<Observation>> waitingState() {
        return new MapStateDescriptor<>(
                "waiting", Types.LONG, Types.LIST(TypeInformation.of(Observation.class)));
    }

    /** The keys of deleted objects, by the event time their links are dropped. */
    public static MapStateDescriptor<Long, List<String>> expiringState() {
        return new MapStateDescriptor<>("expiring", Types.LONG, Types.LIST(Types.STRING));
    }

    @Override
    public void open(OpenContext openContext) {
        links = getRuntimeContext().getMapState(parentsState(settings));
        waiting = getRuntimeContext().getMapState(waitingState());
        expiring = getRuntimeContext().getMapState(expiringState());
        resolved = getRuntimeContext().getMetricGroup().counter("linked.resolved");
        unresolved = getRuntimeContext().getMetricGroup().counter("linked.unknown-parent");
    }

    @Override
    public void processElement(Observation observation, Context ctx, Collector<TraceEvent> out)
            throws Exception {
        learn(observation, ctx);
        if (observation.kind() != ObservationKind.VERSION) {
            waitUntil(observation.eventTimeMillis(), observation, ctx);
        }
    }

    private void learn(Observation observation, Context ctx) throws Exception {
        String key = observation.object().key();
        if (observation.parentKnown()) {
            links.put(key, new ParentLink(observation.parent(), ParentLink.ALIVE));
        }
        ParentLink link = links.get(key);
        if (observation.deleted() && link != null) {
            long deletedAt = observation.eventTimeMillis();
            links.put(key, link.deletedAt(deletedAt));
            long expiry = deletedAt + settings.deletedTtl().toMillis();
            append(expiring, expiry, key);
            ctx.timerService().registerEventTimeTimer(expiry);
        }
    }

    private void waitUntil(long time, Observation observation, Context ctx) throws Exception {
        append(waiting, time, observation);
        ctx.timerService().registerEventTimeTimer(time);
    }

    @Override
    public void onTimer(long time, OnTimerContext ctx, Collector<TraceEvent> out) throws Exception {
        List<String> expired = expiring.get(time);
        if (expired != null) {
            expiring.remove(time);
            for (String key : expired) {
                ParentLink link = links.get(key);
                if (link != null
                        && link.deletedAtMillis() != ParentLink.ALIVE
                        && link.deletedAtMillis() + settings.deletedTtl().toMillis() <= time) {
                    links.remove(key);
                }
            }
        }
        List<Observation> due = waiting.get(time);
        if (due == null) {
            return;
        }
        waiting.remove(time);
        long graceMillis = settings.grace().toMillis();
        for (Observation observation : due) {
            Path path = walk(observation.object());
            boolean graceOver = time >= observation.eventTimeMillis() + graceMillis;
            if (path.complete || graceOver) {
                (path.complete ? resolved : unresolved).inc();
                out.collect(new TraceEvent(observation, path.objects));
            } else {
                append(waiting, observation.eventTimeMillis() + graceMillis, observation);
                ctx.timerService()
                        .registerEventTimeTimer(observation.eventTimeMillis() + graceMillis);
            }
        }
    }

    /** The objects from the root down to {@code object}, as far as they are known. */
    private Path walk(ObjectRef object) throws Exception {
        Deque<ObjectRef> objects = new ArrayDeque<>();
        objects.addFirst(object);
        Set<String> seen = new HashSet<>();
        seen.add(object.key());
        ObjectRef current = object;
        while (objects.size() <= settings.maxDepth()) {
            ParentLink link = links.get(current.key());
            if (link == null) {
                return new Path(List.copyOf(objects), false);
            }
            ObjectRef parent = link.parent();
            if (parent == null || !seen.add(parent.key())) {
                break;
            }
            objects.addFirst(parent);
            if (!parent.sameNamespaceAs(object)) {
                break;
            }
            current = parent;
        }
        return new Path(List.copyOf(objects), true);
    }

    private static <V> void append(MapState<Long, List<V>> state, long time, V value)
            throws Exception {
        List<V> values = state.get(time);
        List<V> updated = values == null ? new ArrayList<>(1) : new ArrayList<>(values);
        updated.add(value);
        state.put(time, updated);
    }

    /** A walk's result: the objects from the root down, and whether every parent was known. */
    private record Path(List<ObjectRef> objects, boolean complete) {}
}
