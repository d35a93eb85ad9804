package io.kubetrace.jobs;

import io.kubetrace.model.AuditRecord;
import io.kubetrace.model.DiffStatus;
import io.kubetrace.model.ObjectDiff;
import io.kubetrace.model.ObjectVersion;
import io.kubetrace.model.Observation;
import io.kubetrace.model.ParsedAudit;
import io.kubetrace.model.ParsedObject;
import io.kubetrace.model.Rejection;
import io.kubetrace.model.SpanRecord;
import io.kubetrace.operators.AuditDeduplicator;
import io.kubetrace.operators.AuditFilter;
import io.kubetrace.operators.DiffJoiner;
import io.kubetrace.operators.EventDeduplicator;
import io.kubetrace.operators.Linker;
import io.kubetrace.operators.ObjectDiffer;
import io.kubetrace.operators.ObjectRouter;
import io.kubetrace.operators.TraceAssembler;
import io.kubetrace.operators.TraceKey;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The operators every kubetrace job shares, from what the sources read to spans. Audit events are
 * filtered and deduplicated; object versions become diffs, joined to the changes that made them;
 * Events are deduplicated; all of it is linked to its root and assembled into traces. Jobs add
 * their sources in front (audit, objects, or both) and their sinks behind.
 */
public final class TracingPipeline {

    /** The pipeline's two outputs: the spans, and the inputs it rejected. */
    public record Outputs(DataStream<SpanRecord> spans, DataStream<Rejection> rejected) {

        /** Sends the spans to every output given and the rejected inputs to their sink. */
        public void writeTo(List<SpanOutput> spanOutputs, Sink<Rejection> rejectionSink) {
            for (SpanOutput output : spanOutputs) {
                DataStream<SpanRecord> routed =
                        output.byTrace() ? spans.keyBy(SpanRecord::traceId) : spans;
                routed.sinkTo(output.sink()).uid(output.uid()).name(output.name());
            }
            rejected.sinkTo(rejectionSink)
                    .uid(Uids.REJECTION_SINK)
                    .name("write rejected input")
                    .setParallelism(1);
        }
    }

    private static final TypeInformation<Observation> OBSERVATION =
            TypeInformation.of(Observation.class);

    private TracingPipeline() {}

    /**
     * @param audits parsed audit events, or {@code null} when the job reads none
     * @param objects object versions and Events, or {@code null} when the job reads none
     */
    public static Outputs trace(
            DataStream<ParsedAudit> audits,
            DataStream<ParsedObject> objects,
            PipelineSettings settings) {
        List<DataStream<Observation>> observations = new ArrayList<>();
        List<DataStream<Rejection>> rejected = new ArrayList<>();
        DataStream<AuditRecord> changes = null;
        if (audits != null) {
            SingleOutputStreamOperator<AuditRecord> filtered =
                    audits.process(new AuditFilter(settings.filter()))
                            .uid(Uids.AUDIT_FILTER)
                            .name("filter audit events");
            rejected.add(filtered.getSideOutput(AuditFilter.REJECTED));
            changes =
                    filtered.keyBy(AuditDeduplicator::key, Types.STRING)
                            .process(new AuditDeduplicator(settings.dedupTtl()))
                            .uid(Uids.AUDIT_DEDUPLICATOR)
                            .name("drop repeated audit IDs");
        }
        if (objects != null) {
            SingleOutputStreamOperator<ObjectVersion> versions =
                    objects.process(new ObjectRouter())
                            .uid(Uids.OBJECT_ROUTER)
                            .name("route objects");
            rejected.add(versions.getSideOutput(AuditFilter.REJECTED));
            observations.add(
                    versions.map(Observation::version, OBSERVATION)
                            .uid(Uids.VERSION_OBSERVATIONS)
                            .name("versions"));
            observations.add(
                    versions.getSideOutput(ObjectRouter.EVENTS)
                            .keyBy(EventDeduplicator::key, Types.STRING)
                            .process(new EventDeduplicator(settings.eventMaxAge()))
                            .uid(Uids.EVENT_DEDUPLICATOR)
                            .name("drop repeated Events")
                            .map(Observation::event, OBSERVATION)
                            .uid(Uids.EVENT_OBSERVATIONS)
                            .name("Events"));
            if (changes != null) {
                DataStream<ObjectDiff> diffs =
                        versions.keyBy(ObjectDiffer::key, Types.STRING)
                                .process(new ObjectDiffer(settings.diff()))
                                .uid(Uids.OBJECT_DIFFER)
                                .name("diff object versions");
                observations.add(
                        changes.connect(diffs)
                                .keyBy(DiffJoiner::key, DiffJoiner::key, Types.STRING)
                                .process(new DiffJoiner(settings.diff()))
                                .uid(Uids.DIFF_JOINER)
                                .name("join changes and diffs"));
            }
        } else if (changes != null) {
            observations.add(
                    changes.map(
                                    change ->
                                            Observation.change(
                                                    change, null, DiffStatus.NOT_WATCHED),
                                    OBSERVATION)
                            .uid(Uids.CHANGES_WITHOUT_DIFFS)
                            .name("changes"));
        }
        DataStream<Observation> all = observations.get(0);
        for (DataStream<Observation> more : observations.subList(1, observations.size())) {
            all = all.union(more);
        }
        DataStream<SpanRecord> spans =
                all.keyBy(Linker::key, Types.STRING)
                        .process(new Linker(settings.link()))
                        .uid(Uids.LINKER)
                        .name("link objects to their roots")
                        .keyBy(new TraceKey(settings.trace()), Types.STRING)
                        .process(new TraceAssembler(settings.trace()))
                        .uid(Uids.TRACE_ASSEMBLER)
                        .name("assemble traces");
        DataStream<Rejection> allRejected = rejected.get(0);
        for (DataStream<Rejection> more : rejected.subList(1, rejected.size())) {
            allRejected = allRejected.union(more);
        }
        return new Outputs(spans, allRejected);
    }
}
