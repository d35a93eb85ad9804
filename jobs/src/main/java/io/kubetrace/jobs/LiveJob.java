package io.kubetrace.jobs;

import io.kubetrace.model.ParsedAudit;
import io.kubetrace.model.ParsedObject;
import io.kubetrace.model.Rejection;
import io.kubetrace.sources.kafka.AuditFilesThenKafka;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.TimeUtils;

/**
 * The unbounded job: audit events from the gateway's topic (after audit log files, when asked), and
 * object versions and Events as the clusters' watches deliver them, traced as they come. With both,
 * every change gets the diff of its version. Checkpoints keep the topic's offsets and each watch's
 * resourceVersion, so a restart resumes every input where it stopped. Takes its sources and sinks
 * as given, so tests and the CLI wire the same graph.
 */
public final class LiveJob {

    /**
     * The audit source of a live job, with the uid its state is kept under.
     *
     * @param overlap how far the topic starts before the end of the audit files; zero without files
     */
    public record AuditInput(
            Source<ParsedAudit, ?, ?> source, String uid, String name, Duration overlap) {

        /** The audit topic alone. */
        public static AuditInput kafka(KafkaSource<ParsedAudit> source) {
            return new AuditInput(source, Uids.KAFKA_AUDIT_SOURCE, "audit topic", Duration.ZERO);
        }

        /** Audit log files, then the topic from where they end. */
        public static AuditInput filesThenKafka(AuditFilesThenKafka source) {
            return new AuditInput(
                    source.source(),
                    Uids.AUDIT_FILES_THEN_KAFKA_SOURCE,
                    "audit log files, then audit topic",
                    source.overlap());
        }
    }

    /**
     * What the job reads; at least one is given.
     *
     * @param audits audit events, or {@code null}
     * @param watches object versions and Events from the clusters' watches, or {@code null}
     */
    public record Inputs(AuditInput audits, Source<ParsedObject, ?, ?> watches) {

        public Inputs {
            if (audits == null && watches == null) {
                throw new IllegalArgumentException(
                        "a live job needs audit events, watched clusters, or both");
            }
        }
    }

    private final Inputs inputs;
    private final List<SpanOutput> spanOutputs;
    private final Sink<Rejection> rejectionSink;
    private final PipelineSettings settings;
    private final LiveSettings live;

    /**
     * @throws IllegalArgumentException when the events the files and the topic both hold could be
     *     traced twice: the overlap must be shorter than {@code dedup.ttl}
     */
    public LiveJob(
            Inputs inputs,
            List<SpanOutput> spanOutputs,
            Sink<Rejection> rejectionSink,
            PipelineSettings settings,
            LiveSettings live) {
        if (inputs.audits() != null
                && inputs.audits().overlap().compareTo(settings.dedupTtl()) >= 0) {
            throw new IllegalArgumentException(
                    "kafka.backfill-overlap ("
                            + TimeUtils.formatWithHighestUnit(inputs.audits().overlap())
                            + ") must be shorter than dedup.ttl ("
                            + TimeUtils.formatWithHighestUnit(settings.dedupTtl())
                            + "): events both in the audit files and in the topic would be"
                            + " traced twice");
        }
        this.inputs = inputs;
        this.spanOutputs = List.copyOf(spanOutputs);
        this.rejectionSink = rejectionSink;
        this.settings = settings;
        this.live = live;
    }

    public void build(StreamExecutionEnvironment env) {
        AuditInput auditInput = inputs.audits();
        DataStream<ParsedAudit> audits =
                auditInput == null
                        ? null
                        : env.fromSource(
                                        auditInput.source(),
                                        LiveWatermarks.onceCaughtUp(
                                                live.auditMaxOutOfOrderness(),
                                                live.maxLag(),
                                                live.idleness(),
                                                (audit, previous) -> audit.eventTimeMillis()),
                                        auditInput.name(),
                                        TypeInformation.of(ParsedAudit.class))
                                .uid(auditInput.uid());
        DataStream<ParsedObject> objects =
                inputs.watches() == null
                        ? null
                        : env.fromSource(
                                        inputs.watches(),
                                        LiveWatermarks.of(
                                                live.maxOutOfOrderness(),
                                                live.maxLag(),
                                                (object, previous) -> object.eventTimeMillis()),
                                        "kubernetes watches",
                                        TypeInformation.of(ParsedObject.class))
                                .uid(Uids.KUBE_WATCH_SOURCE);
        TracingPipeline.trace(audits, objects, settings).writeTo(spanOutputs, rejectionSink);
    }
}
