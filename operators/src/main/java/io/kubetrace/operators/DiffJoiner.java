package io.kubetrace.operators;

import io.kubetrace.model.AuditRecord;
import io.kubetrace.model.DiffKind;
import io.kubetrace.model.DiffStatus;
import io.kubetrace.model.ObjectDiff;
import io.kubetrace.model.Observation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Gives each audited change the diff of exactly the resourceVersion it wrote. Keyed like the {@link
 * ObjectDiffer}, by (cluster, namespace). An update or patch is matched by the new resourceVersion
 * of its response; a create or delete without one by the creation or deletion snapshot. Whichever
 * side comes first waits in state, each under an event-time timer: after {@code diff.join-timeout}
 * a change goes on without its diff ({@code kubetrace.diff=missing}) and a diff no change claimed
 * is dropped. Nothing blocks: other objects flow meanwhile. A change that cannot have a diff
 * (failed, a no-op, or a Metadata-level update) goes on at once.
 */
public final class DiffJoiner
        extends KeyedCoProcessFunction<String, AuditRecord, ObjectDiff, Observation> {

    private static final long serialVersionUID = 1L;

    private final long timeoutMillis;

    private transient MapState<String, List<AuditRecord>> waitingChanges;
    private transient MapState<String, List<ObjectDiff>> waitingDiffs;
    private transient MapState<Long, List<String>> expiring;
    private transient Counter joined;
    private transient Counter missing;
    private transient Counter unclaimed;

    public DiffJoiner(DiffSettings settings) {
        this.timeoutMillis = settings.joinTimeout().toMillis();
    }

    /** The key of a change: the cluster and namespace of its object. */
    public static String key(AuditRecord audit) {
        return audit.object().namespaceKey();
    }

    /** The key of a diff: the cluster and namespace of its object. */
    public static String key(ObjectDiff diff) {
        return diff.object().namespaceKey();
    }

    /** Changes waiting for their diffs, by object key. */
    public static MapStateDescriptor<String, List<AuditRecord>> waitingChangesState() {
        return new MapStateDescriptor<>(
                "waiting-changes", Types.STRING, Types.LIST(TypeInformation.of(AuditRecord.class)));
    }

    /** Diffs waiting for their changes, by object key. */
    public static MapStateDescriptor<String, List<ObjectDiff>> waitingDiffsState() {
        return new MapStateDescriptor<>(
                "waiting-diffs", Types.STRING, Types.LIST(TypeInformation.of(ObjectDiff.class)));
    }

    /** The keys of objects with something waiting, by the event time it stops waiting. */
    public static MapStateDescriptor<Long, List<String>> expiringState() {
        return new MapStateDescriptor<>("expiring", Types.LONG, Types.LIST(Types.STRING));
    }

    @Override
    public void open(OpenContext openContext) {
        waitingChanges = getRuntimeContext().getMapState(waitingChangesState());
        waitingDiffs = getRuntimeContext().getMapState(waitingDiffsState());
        expiring = getRuntimeContext().getMapState(expiringState());
        joined = getRuntimeContext().getMetricGroup().counter("diffs.joined");
        missing = getRuntimeContext().getMetricGroup().counter("diffs.missing");
        unclaimed = getRuntimeContext().getMetricGroup().counter("diffs.unclaimed");
    }

    @Override
    public void processElement1(AuditRecord change, Context ctx, Collector<Observation> out)
            throws Exception {
        if (!expectsDiff(change)) {
            out.collect(Observation.change(change, null, DiffStatus.NOT_EXPECTED));
            return;
        }
        String object = change.object().key();
        List<ObjectDiff> diffs = waitingDiffs.get(object);
        ObjectDiff match = diffs == null ? null : take(diffs, diff -> matches(change, diff));
        if (match != null) {
            store(waitingDiffs, object, diffs);
            joined.inc();
            out.collect(Observation.change(change, match, DiffStatus.JOINED));
            return;
        }
        add(waitingChanges, object, change);
        expireAt(change.eventTimeMillis() + timeoutMillis, object, ctx);
    }

    @Override
    public void processElement2(ObjectDiff diff, Context ctx, Collector<Observation> out)
            throws Exception {
        String object = diff.object().key();
        List<AuditRecord> changes = waitingChanges.get(object);
        AuditRecord match = changes == null ? null : take(changes, change -> matches(change, diff));
        if (match != null) {
            store(waitingChanges, object, changes);
            joined.inc();
            out.collect(Observation.change(match, diff, DiffStatus.JOINED));
            return;
        }
        add(waitingDiffs, object, diff);
        expireAt(diff.eventTimeMillis() + timeoutMillis, object, ctx);
    }

    @Override
    public void onTimer(long time, OnTimerContext ctx, Collector<Observation> out)
            throws Exception {
        List<String> objects = expiring.get(time);
        if (objects == null) {
            return;
        }
        expiring.remove(time);
        for (String object : objects) {
            List<AuditRecord> changes = waitingChanges.get(object);
            if (changes != null) {
                for (Iterator<AuditRecord> it = changes.iterator(); it.hasNext(); ) {
                    AuditRecord change = it.next();
                    if (change.eventTimeMillis() + timeoutMillis <= time) {
                        it.remove();
                        missing.inc();
                        out.collect(Observation.change(change, null, DiffStatus.MISSING));
                    }
                }
                store(waitingChanges, object, changes);
            }
            List<ObjectDiff> diffs = waitingDiffs.get(object);
            if (diffs != null) {
                int before = diffs.size();
                diffs.removeIf(diff -> diff.eventTimeMillis() + timeoutMillis <= time);
                unclaimed.inc(before - diffs.size());
                store(waitingDiffs, object, diffs);
            }
        }
    }

    /**
     * Whether the change wrote a version a diff can be found for: it succeeded, changed the object
     * itself or a subresource, and its audit level says which version it wrote (or it is a create
     * or delete, matched by snapshot).
     */
    static boolean expectsDiff(AuditRecord change) {
        if (change.responseCode() >= 300) {
            return false;
        }
        boolean noOp =
                !change.resourceVersion().isEmpty()
                        && change.resourceVersion().equals(change.newResourceVersion());
        if (noOp) {
            return false;
        }
        if (!change.newResourceVersion().isEmpty()) {
            return true;
        }
        boolean onObject = change.subresource().isEmpty();
        return onObject && (change.verb().equals("create") || change.verb().equals("delete"));
    }

    static boolean matches(AuditRecord change, ObjectDiff diff) {
        String uid = change.object().uid();
        if (!uid.isEmpty() && !diff.object().uid().isEmpty() && !uid.equals(diff.object().uid())) {
            return false;
        }
        if (!change.newResourceVersion().isEmpty()) {
            return change.newResourceVersion().equals(diff.newResourceVersion());
        }
        return change.verb().equals("create")
                ? diff.kind() == DiffKind.CREATE
                : diff.kind() == DiffKind.DELETE;
    }

    private void expireAt(long time, String object, Context ctx) throws Exception {
        List<String> objects = expiring.get(time);
        List<String> updated = objects == null ? new ArrayList<>(1) : new ArrayList<>(objects);
        if (!updated.contains(object)) {
            updated.add(object);
            expiring.put(time, updated);
        }
        ctx.timerService().registerEventTimeTimer(time);
    }

    private static <T> T take(List<T> candidates, java.util.function.Predicate<T> matching) {
        for (Iterator<T> it = candidates.iterator(); it.hasNext(); ) {
            T candidate = it.next();
            if (matching.test(candidate)) {
                it.remove();
                return candidate;
            }
        }
        return null;
    }

    private static <T> void add(MapState<String, List<T>> state, String object, T value)
            throws Exception {
        List<T> values = state.get(object);
        List<T> updated = values == null ? new ArrayList<>(1) : new ArrayList<>(values);
        updated.add(value);
        state.put(object, updated);
    }

    private static <T> void store(MapState<String, List<T>> state, String object, List<T> values)
            throws Exception {
        if (values.isEmpty()) {
            state.remove(object);
        } else {
            state.put(object, values);
        }
    }
}
