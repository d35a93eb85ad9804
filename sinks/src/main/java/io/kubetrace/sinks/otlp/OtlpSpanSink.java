package io.kubetrace.sinks.otlp;

import io.kubetrace.model.SpanRecord;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.AsyncSinkBase;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Sends spans to Jaeger, or to any OpenTelemetry Collector, over OTLP (gRPC or HTTP/protobuf), with
 * the IDs, parents and historical times kubetrace computed. Spans go in batches (by count and by
 * time); a bounded buffer slows the job down instead of growing; unavailable receivers are retried
 * with backoff; everything pending is sent before each checkpoint completes (at-least-once: a
 * replay sends the same IDs again, which Jaeger stores once).
 */
public final class OtlpSpanSink extends AsyncSinkBase<SpanRecord, SpanRecord> {

    private static final long serialVersionUID = 1L;

    /** Largest request, under the 4 MiB that gRPC servers (Jaeger's among them) accept. */
    static final long MAX_REQUEST_BYTES = 3_500_000L;

    private final OtlpSettings settings;

    public OtlpSpanSink(OtlpSettings settings) {
        super(
                (ElementConverter<SpanRecord, SpanRecord>) (span, context) -> span,
                settings.batchSpans(),
                settings.maxInFlightRequests(),
                settings.bufferSpans(),
                MAX_REQUEST_BYTES,
                settings.batchDelay().toMillis(),
                MAX_REQUEST_BYTES);
        this.settings = settings;
    }

    @Override
    public StatefulSinkWriter<SpanRecord, BufferedRequestState<SpanRecord>> createWriter(
            WriterInitContext context) {
        return new OtlpSpanWriter(settings, getElementConverter(), context, List.of());
    }

    @Override
    public StatefulSinkWriter<SpanRecord, BufferedRequestState<SpanRecord>> restoreWriter(
            WriterInitContext context, Collection<BufferedRequestState<SpanRecord>> state) {
        return new OtlpSpanWriter(settings, getElementConverter(), context, state);
    }

    @Override
    public SimpleVersionedSerializer<BufferedRequestState<SpanRecord>> getWriterStateSerializer() {
        return new SpanRecordStateSerializer();
    }
}
