package io.kubetrace.operators;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;

/**
 * A count of what happened to records, kept twice: as a Flink metric for a running job, and as an
 * accumulator so a bounded job can report it when it ends. Counts of the same name from every
 * operator and subtask add up.
 */
public final class Tally {

    /** Audit events (and unusable inputs) read from the sources. */
    public static final String READ = "read";

    /** Inputs that could not be used, each with a reason in the rejected output. */
    public static final String REJECTED = "rejected";

    /** Events left out by the filters (stage, verb, resource, user agent, regex, cluster). */
    public static final String FILTERED = "filtered";

    /** Events already seen with the same cluster and audit ID. */
    public static final String DEDUPLICATED = "deduplicated";

    /** Events that became a span. */
    public static final String TRACED = "traced";

    /** Object versions and Kubernetes Events read from the sources. */
    public static final String OBJECTS_READ = "objects_read";

    /** Objects and Events that could not be used, each with a reason in the rejected output. */
    public static final String OBJECTS_REJECTED = "objects_rejected";

    /** Kubernetes Events that became a span. */
    public static final String EVENTS_TRACED = "events_traced";

    /** Kubernetes Events seen before (same uid and resourceVersion), or from a relist. */
    public static final String EVENTS_DEDUPLICATED = "events_deduplicated";

    /** Events that arrived behind the watermark; they are traced too. */
    public static final String LATE = "late";

    /** Spans emitted, of every kind. */
    public static final String SPANS = "spans";

    /** Traces begun: root object spans emitted. */
    public static final String TRACES = "traces";

    private final Counter metric;
    private final LongCounter accumulator;

    private Tally(Counter metric, LongCounter accumulator) {
        this.metric = metric;
        this.accumulator = accumulator;
    }

    /** Registers the count {@code name} for the operator that owns {@code context}. */
    public static Tally register(RuntimeContext context, String name) {
        LongCounter accumulator = new LongCounter();
        context.addAccumulator(name, accumulator);
        return new Tally(context.getMetricGroup().counter(name), accumulator);
    }

    public void add(long count) {
        metric.inc(count);
        accumulator.add(count);
    }

    public void increment() {
        add(1);
    }
}
