package io.kubetrace.jobs;

import io.kubetrace.model.ParsedAudit;
import io.kubetrace.model.Rejection;
import io.kubetrace.model.SpanRecord;
import io.kubetrace.sources.audit.AuditFileSource;
import java.time.Duration;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The bounded job: historical audit logs in, traces out. Takes its source and sinks as given, so
 * tests and the CLI wire the same graph.
 */
public final class BackfillJob {

    private final Source<ParsedAudit, ?, ?> source;
    private final Sink<SpanRecord> spanSink;
    private final Sink<Rejection> rejectionSink;
    private final PipelineSettings settings;
    private final Duration maxOutOfOrderness;

    public BackfillJob(
            Source<ParsedAudit, ?, ?> source,
            Sink<SpanRecord> spanSink,
            Sink<Rejection> rejectionSink,
            PipelineSettings settings,
            Duration maxOutOfOrderness) {
        this.source = source;
        this.spanSink = spanSink;
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
        outputs.spans()
                .keyBy(SpanRecord::traceId)
                .sinkTo(spanSink)
                .uid(Uids.TRACE_FILE_SINK)
                .name("write traces");
        outputs.rejected()
                .sinkTo(rejectionSink)
                .uid(Uids.REJECTION_SINK)
                .name("write rejected input")
                .setParallelism(1);
    }
}
