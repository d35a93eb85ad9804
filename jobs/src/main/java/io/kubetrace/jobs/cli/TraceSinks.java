package io.kubetrace.jobs.cli;

import io.kubetrace.jobs.SpanOutput;
import io.kubetrace.jobs.Uids;
import io.kubetrace.jobs.cli.CliErrors.UsageException;
import io.kubetrace.model.Rejection;
import io.kubetrace.sinks.RejectionFileSink;
import io.kubetrace.sinks.RejectionLogSink;
import io.kubetrace.sinks.otlp.OtlpOptions;
import io.kubetrace.sinks.otlp.OtlpSettings;
import io.kubetrace.sinks.otlp.OtlpSpanSink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.ReadableConfig;

/** Where a command's traces and rejected input go: trace files, OTLP, or both. */
final class TraceSinks {

    private TraceSinks() {}

    /**
     * @param out the directory for trace files, or {@code null} when traces only go over OTLP
     * @param config with {@code otlp.endpoint}, traces also go over OTLP
     */
    static List<SpanOutput> spans(Path out, ReadableConfig config) {
        requireDestination(out, config);
        List<SpanOutput> outputs = new ArrayList<>();
        if (out != null) {
            TraceOutput.prepare(out);
            outputs.add(SpanOutput.traceFiles(out));
        }
        if (config.getOptional(OtlpOptions.ENDPOINT).isPresent()) {
            outputs.add(
                    new SpanOutput(
                            Uids.OTLP_SINK,
                            "send spans over OTLP",
                            new OtlpSpanSink(OtlpSettings.from(config)),
                            false));
        }
        return outputs;
    }

    /** Fails, saying what to give, when traces would go nowhere. */
    static void requireDestination(Path out, ReadableConfig config) {
        if (out == null && config.getOptional(OtlpOptions.ENDPOINT).isEmpty()) {
            throw new UsageException(
                    "say where traces go: --out DIR, --otlp-endpoint URL, or both");
        }
    }

    /** Rejected input goes beside the trace files, else to the log. */
    static Sink<Rejection> rejections(Path out) {
        return out != null
                ? new RejectionFileSink(out.resolve(TraceOutput.REJECTED_FILE))
                : new RejectionLogSink();
    }
}
