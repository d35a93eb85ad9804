package io.kubetrace.jobs;

import io.kubetrace.model.ParsedAudit;
import io.kubetrace.model.ParsedObject;
import io.kubetrace.model.Rejection;
import io.kubetrace.sources.audit.AuditEventParser;
import io.kubetrace.sources.audit.AuditFileSource;
import io.kubetrace.sources.audit.AuditFiles;
import io.kubetrace.sources.audit.AuditSourceOptions;
import io.kubetrace.sources.kube.KubeObjectParser;
import io.kubetrace.sources.kube.ObjectFileSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The bounded job: historical audit logs and captured objects and Events in, traces out (to every
 * output given: files, OTLP). Takes its sources and sinks as given, so tests and the CLI wire the
 * same graph.
 */
public final class BackfillJob {

    /**
     * What the job reads; at least one is given.
     *
     * @param audits audit events, or {@code null}
     * @param objects object versions and Events, or {@code null}
     */
    public record Inputs(Source<ParsedAudit, ?, ?> audits, Source<ParsedObject, ?, ?> objects) {

        public Inputs {
            if (audits == null && objects == null) {
                throw new IllegalArgumentException("a backfill needs audit logs, objects, or both");
            }
        }

        /**
         * The inputs of files, read as the settings say ({@code audit.cluster}, {@code
         * audit.snapshot.max-size}, {@code audit.max-document-size}).
         *
         * @param auditFiles audit log files, read oldest first; may be empty when there are objects
         * @param objectFiles object and Event files; may be empty when there are audit logs
         */
        public static Inputs files(
                List<Path> auditFiles, List<Path> objectFiles, ReadableConfig config) {
            AuditEventParser parser = AuditEventParser.from(config);
            int maxDocumentChars =
                    (int) config.get(AuditSourceOptions.MAX_DOCUMENT_SIZE).getBytes();
            return new Inputs(
                    auditFiles.isEmpty()
                            ? null
                            : AuditFileSource.of(
                                    AuditFiles.oldestFirst(auditFiles, parser, maxDocumentChars),
                                    parser,
                                    maxDocumentChars),
                    objectFiles.isEmpty()
                            ? null
                            : ObjectFileSource.of(
                                    objectFiles,
                                    new KubeObjectParser(config.get(AuditSourceOptions.CLUSTER)),
                                    maxDocumentChars));
        }
    }

    private final Inputs inputs;
    private final List<SpanOutput> spanOutputs;
    private final Sink<Rejection> rejectionSink;
    private final PipelineSettings settings;
    private final Duration maxOutOfOrderness;

    public BackfillJob(
            Inputs inputs,
            List<SpanOutput> spanOutputs,
            Sink<Rejection> rejectionSink,
            PipelineSettings settings,
            Duration maxOutOfOrderness) {
        this.inputs = inputs;
        this.spanOutputs = List.copyOf(spanOutputs);
        this.rejectionSink = rejectionSink;
        this.settings = settings;
        this.maxOutOfOrderness = maxOutOfOrderness;
    }

    public void build(StreamExecutionEnvironment env) {
        DataStream<ParsedAudit> audits =
                inputs.audits() == null
                        ? null
                        : env.fromSource(
                                        inputs.audits(),
                                        AuditFileSource.watermarks(maxOutOfOrderness),
                                        "audit log files",
                                        TypeInformation.of(ParsedAudit.class))
                                .uid(Uids.AUDIT_FILE_SOURCE);
        DataStream<ParsedObject> objects =
                inputs.objects() == null
                        ? null
                        : env.fromSource(
                                        inputs.objects(),
                                        ObjectFileSource.watermarks(maxOutOfOrderness),
                                        "object files",
                                        TypeInformation.of(ParsedObject.class))
                                .uid(Uids.OBJECT_FILE_SOURCE);
        TracingPipeline.trace(audits, objects, settings).writeTo(spanOutputs, rejectionSink);
    }
}
