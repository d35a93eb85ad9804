package io.kubetrace.jobs;

import io.kubetrace.model.ParsedAudit;
import io.kubetrace.model.Rejection;
import io.kubetrace.model.SpanRecord;
import io.kubetrace.sources.audit.AuditFileSource;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The bounded job: historical audit logs in, traces out (to every output given: files, OTLP). Takes
 * its source and sinks as given, so tests and the CLI wire the same graph.
 */
public final class BackfillJob {

    private final Source<ParsedAudit, ?, ?> source;
    private final List<SpanOutput> spanOutputs;
    private final Sink<Rejection> rejectionSink;
    private final PipelineSettings settings;
    private final Duration maxOutOfOrderness;

    public BackfillJob(
            Source<ParsedAudit, ?, ?> source,
            List<SpanOutput> spanOutputs,
            Sink<Rejection> rejectionSink,
            PipelineSettings settings,
            Duration maxOutOfOrderness) {
        this.source = source;
        this.spanOutputs = List.copyOf(spanOutputs);
        this.rejectionSink = rejectionSink;
        this.settings = settings;
        this.maxOutOfOrderness = maxOutOfOrderness;
    }

    public void build(StreamExecutionEnvironment env) {
        DataStream<ParsedAudit> audits =
                env.fromSource(
                                source,
                                AuditFileSource.watermarks(maxOutOfOrderness),
                                "audit log files")
                        .uid(Uids.AUDIT_FILE_SOURCE);
        TracingPipeline.Outputs outputs = TracingPipeline.trace(audits, settings);
        for (SpanOutput output : spanOutputs) {
            DataStream<SpanRecord> spans =
                    output.byTrace() ? outputs.spans().keyBy(SpanRecord::traceId) : outputs.spans();
            spans.sinkTo(output.sink()).uid(output.uid()).name(output.name());
        }
        outputs.rejected()
                .sinkTo(rejectionSink)
                .uid(Uids.REJECTION_SINK)
                .name("write rejected input")
                .setParallelism(1);
    }
}
