package io.kubetrace.jobs;

import io.kubetrace.model.AuditRecord;
import io.kubetrace.model.ParsedAudit;
import io.kubetrace.model.Rejection;
import io.kubetrace.model.SpanRecord;
import io.kubetrace.operators.AuditDeduplicator;
import io.kubetrace.operators.AuditFilter;
import io.kubetrace.operators.Linker;
import io.kubetrace.operators.TraceAssembler;
import io.kubetrace.operators.TraceKey;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The operators every kubetrace job shares, from parsed audit events to spans: filter, dedup, link
 * to the root, assemble traces. Jobs add their sources in front and their sinks behind.
 */
public final class TracingPipeline {

    /** The pipeline's two outputs: the spans, and the inputs it rejected. */
    public record Outputs(DataStream<SpanRecord> spans, DataStream<Rejection> rejected) {}

    private TracingPipeline() {}

    public static Outputs trace(DataStream<ParsedAudit> audits, PipelineSettings settings) {
        SingleOutputStreamOperator<AuditRecord> filtered =
                audits.process(new AuditFilter(settings.filter()))
                        .uid(Uids.AUDIT_FILTER)
                        .name("filter audit events");
        DataStream<SpanRecord> spans =
                filtered.keyBy(AuditDeduplicator::key, Types.STRING)
                        .process(new AuditDeduplicator(settings.dedupTtl()))
                        .uid(Uids.AUDIT_DEDUPLICATOR)
                        .name("drop repeated audit IDs")
                        .keyBy(Linker::key, Types.STRING)
                        .process(new Linker(settings.link()))
                        .uid(Uids.LINKER)
                        .name("link objects to their roots")
                        .keyBy(new TraceKey(settings.trace()), Types.STRING)
                        .process(new TraceAssembler(settings.trace()))
                        .uid(Uids.TRACE_ASSEMBLER)
                        .name("assemble traces");
        return new Outputs(spans, filtered.getSideOutput(AuditFilter.REJECTED));
    }
}
