package io.kubetrace.sinks.otlp;

import io.kubetrace.model.SpanAttribute;
import io.kubetrace.model.SpanEvent;
import io.kubetrace.model.SpanRecord;
import io.kubetrace.sinks.http.RetryBackoff;
import io.kubetrace.sinks.otlp.ExportOutcome.Accepted;
import io.kubetrace.sinks.otlp.ExportOutcome.Refused;
import io.kubetrace.sinks.otlp.ExportOutcome.Retryable;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriter;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.DequeRequestBuffer;
import org.apache.flink.connector.base.sink.writer.ElementConverter;
import org.apache.flink.connector.base.sink.writer.ResultHandler;
import org.apache.flink.connector.base.sink.writer.SimpleBatchCreator;
import org.apache.flink.connector.base.sink.writer.config.AsyncSinkWriterConfiguration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OTLP sink's writer: encodes each batch as an OTLP request, sends it, and decides on the
 * answer. A retryable failure waits with backoff before the batch goes back into the queue; while
 * it waits it counts as in flight, so a receiver that is down slows the job to a stop rather than
 * filling memory.
 *
 * <p>Metrics: {@code otlpSpansSent}, {@code otlpSpansFailed} (refused or rejected by the receiver),
 * {@code otlpSpansRetried}, {@code otlpBatchLatencyMs} (histogram, per attempt) and {@code
 * otlpBufferedSpans} (accepted by the sink, not yet sent).
 */
final class OtlpSpanWriter extends AsyncSinkWriter<SpanRecord, SpanRecord> {

    private static final Logger LOG = LoggerFactory.getLogger(OtlpSpanWriter.class);

    /** Longer than any retry: the writer's own timeout would send a waiting batch twice. */
    private static final long REQUEST_TIMEOUT_MS = Duration.ofDays(1).toMillis();

    private final OtlpSettings settings;
    private final OtlpTransport transport;
    private final SpanDataConverter converter = new SpanDataConverter();
    private final RetryBackoff backoff;
    private final ScheduledExecutorService retries;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final AtomicLong buffered = new AtomicLong();
    private final Counter sent;
    private final Counter failed;
    private final Counter retried;
    private final Histogram latency;

    OtlpSpanWriter(
            OtlpSettings settings,
            ElementConverter<SpanRecord, SpanRecord> elementConverter,
            WriterInitContext context,
            Collection<BufferedRequestState<SpanRecord>> state) {
        super(
                elementConverter,
                context,
                AsyncSinkWriterConfiguration.builder()
                        .setMaxBatchSize(settings.batchSpans())
                        .setMaxBatchSizeInBytes(OtlpSpanSink.MAX_REQUEST_BYTES)
                        .setMaxInFlightRequests(settings.maxInFlightRequests())
                        .setMaxBufferedRequests(settings.bufferSpans())
                        .setMaxTimeInBufferMS(settings.batchDelay().toMillis())
                        .setMaxRecordSizeInBytes(OtlpSpanSink.MAX_REQUEST_BYTES)
                        .setRequestTimeoutMS(REQUEST_TIMEOUT_MS)
                        .build(),
                state,
                new SimpleBatchCreator<>(OtlpSpanSink.MAX_REQUEST_BYTES),
                new DequeRequestBuffer<>());
        this.settings = settings;
        this.transport = OtlpTransport.of(settings);
        this.backoff = new RetryBackoff(settings.initialBackoff(), settings.maxBackoff());
        this.retries =
                Executors.newSingleThreadScheduledExecutor(
                        runnable -> {
                            Thread thread = new Thread(runnable, "kubetrace-otlp-retry");
                            thread.setDaemon(true);
                            return thread;
                        });
        state.forEach(restored -> buffered.addAndGet(restored.getBufferedRequestEntries().size()));
        MetricGroup metrics = context.metricGroup();
        this.sent = metrics.counter("otlpSpansSent", new ThreadSafeSimpleCounter());
        this.failed = metrics.counter("otlpSpansFailed", new ThreadSafeSimpleCounter());
        this.retried = metrics.counter("otlpSpansRetried", new ThreadSafeSimpleCounter());
        this.latency =
                metrics.histogram("otlpBatchLatencyMs", new DescriptiveStatisticsHistogram(500));
        metrics.gauge("otlpBufferedSpans", buffered::get);
    }

    @Override
    public void write(SpanRecord span, Context context) throws IOException, InterruptedException {
        buffered.incrementAndGet();
        super.write(span, context);
    }

    /** Before a checkpoint, too, everything is sent, not only what is in flight. */
    @Override
    public void flush(boolean endOfInput) throws InterruptedException {
        super.flush(true);
    }

    @Override
    protected void submitRequestEntries(List<SpanRecord> spans, ResultHandler<SpanRecord> result) {
        byte[] request = encode(spans);
        long started = System.nanoTime();
        transport
                .export(request)
                .thenAccept(
                        outcome -> {
                            synchronized (latency) {
                                latency.update((System.nanoTime() - started) / 1_000_000L);
                            }
                            decide(spans, outcome, result);
                        });
    }

    private void decide(
            List<SpanRecord> spans, ExportOutcome outcome, ResultHandler<SpanRecord> result) {
        if (outcome instanceof Accepted accepted) {
            if (consecutiveFailures.getAndSet(0) > 0) {
                LOG.info("OTLP receiver {} takes spans again", settings.endpoint());
            }
            long rejected = Math.min(accepted.rejectedSpans(), spans.size());
            if (rejected > 0) {
                failed.inc(rejected);
                LOG.warn(
                        "OTLP receiver {} rejected {} of {} spans: {}",
                        settings.endpoint(),
                        rejected,
                        spans.size(),
                        accepted.message());
            }
            sent.inc(spans.size() - rejected);
            buffered.addAndGet(-spans.size());
            result.complete();
        } else if (outcome instanceof Retryable retryable) {
            int failures = consecutiveFailures.incrementAndGet();
            Duration wait = backoff.next(failures, retryable.retryAfter());
            retried.inc(spans.size());
            if (failures == 1 || failures % 10 == 0) {
                LOG.warn(
                        "OTLP receiver {} cannot take spans now ({}); retrying {} spans in {} ms"
                                + " (failure {} in a row)",
                        settings.endpoint(),
                        retryable.reason(),
                        spans.size(),
                        wait.toMillis(),
                        failures);
            }
            retries.schedule(
                    () -> result.retryForEntries(spans), wait.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            Refused refused = (Refused) outcome;
            failed.inc(spans.size());
            buffered.addAndGet(-spans.size());
            if (settings.dropOnPermanentError()) {
                LOG.error(
                        "OTLP receiver {} refused {} spans for good ({}); dropped them, as"
                                + " otlp.drop-on-permanent-error asks",
                        settings.endpoint(),
                        spans.size(),
                        refused.reason());
                result.complete();
            } else {
                result.completeExceptionally(
                        new OtlpExportException(
                                "OTLP receiver "
                                        + settings.endpoint()
                                        + " refused "
                                        + spans.size()
                                        + " spans for good ("
                                        + refused.reason()
                                        + "). Fix the receiver or the endpoint, or set"
                                        + " otlp.drop-on-permanent-error=true to drop such spans"
                                        + " and go on."));
            }
        }
    }

    private byte[] encode(List<SpanRecord> spans) {
        List<SpanData> data = new ArrayList<>(spans.size());
        spans.forEach(span -> data.add(converter.convert(span)));
        TraceRequestMarshaler request = TraceRequestMarshaler.create(data);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(request.getBinarySerializedSize());
        try {
            request.writeBinaryTo(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode spans", e);
        }
        return bytes.toByteArray();
    }

    @Override
    protected long getSizeInBytes(SpanRecord span) {
        long size = 160 + span.name().length();
        for (SpanAttribute attribute : span.attributes()) {
            size += attribute.key().length() + attribute.value().length() + 8;
        }
        for (SpanEvent event : span.events()) {
            size += event.name().length() + 16;
            for (SpanAttribute attribute : event.attributes()) {
                size += attribute.key().length() + attribute.value().length() + 8;
            }
        }
        return size;
    }

    @Override
    public void close() {
        try {
            super.close();
        } finally {
            retries.shutdownNow();
            transport.close();
        }
    }
}
