package io.kubetrace.operators;

import io.kubetrace.model.AuditRecord;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Passes the first audit event of each (cluster, audit ID) and drops repeats: kube-apiserver
 * retries a webhook batch it got no answer for, and Kafka redelivers after a restart, so the same
 * event may arrive twice. An ID is remembered for {@code dedup.ttl} of event time after its event,
 * then forgotten by a timer.
 */
public final class AuditDeduplicator
        extends KeyedProcessFunction<String, AuditRecord, AuditRecord> {

    private static final long serialVersionUID = 1L;

    private final long ttlMillis;

    private transient ValueState<Long> forgetAt;
    private transient Tally deduplicated;

    public AuditDeduplicator(Duration ttl) {
        this.ttlMillis = ttl.toMillis();
    }

    /** The key this operator expects: cluster and audit ID. */
    public static String key(AuditRecord record) {
        return record.cluster() + '|' + record.auditId();
    }

    /** When the key is forgotten (event time). */
    public static ValueStateDescriptor<Long> forgetAtState() {
        return new ValueStateDescriptor<>("forget-at", Types.LONG);
    }

    @Override
    public void open(OpenContext openContext) {
        forgetAt = getRuntimeContext().getState(forgetAtState());
        deduplicated = Tally.register(getRuntimeContext(), Tally.DEDUPLICATED);
    }

    @Override
    public void processElement(AuditRecord record, Context ctx, Collector<AuditRecord> out)
            throws Exception {
        if (forgetAt.value() != null) {
            deduplicated.increment();
            return;
        }
        long forget = record.eventTimeMillis() + ttlMillis;
        forgetAt.update(forget);
        ctx.timerService().registerEventTimeTimer(forget);
        out.collect(record);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AuditRecord> out) {
        forgetAt.clear();
    }
}
