package io.kubetrace.operators;

import io.kubetrace.model.KubeEvent;
import io.kubetrace.model.ObjectVersion;
import io.kubetrace.model.ParsedObject;
import io.kubetrace.model.Rejection;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The first step after an object source: counts what it read and sends object versions on, Events
 * to {@link #EVENTS}, and what could not be used to {@link AuditFilter#REJECTED}.
 */
public final class ObjectRouter extends ProcessFunction<ParsedObject, ObjectVersion> {

    private static final long serialVersionUID = 1L;

    /** Kubernetes Events, which become Event spans. */
    public static final OutputTag<KubeEvent> EVENTS = new OutputTag<>("kube-events") {};

    private transient Tally read;
    private transient Tally rejected;

    @Override
    public void open(OpenContext openContext) {
        read = Tally.register(getRuntimeContext(), Tally.OBJECTS_READ);
        rejected = Tally.register(getRuntimeContext(), Tally.OBJECTS_REJECTED);
    }

    @Override
    public void processElement(ParsedObject object, Context ctx, Collector<ObjectVersion> out) {
        read.increment();
        Rejection rejection = object.rejection();
        if (rejection != null) {
            rejected.increment();
            ctx.output(AuditFilter.REJECTED, rejection);
        } else if (object.event() != null) {
            ctx.output(EVENTS, object.event());
        } else {
            out.collect(object.version());
        }
    }
}
