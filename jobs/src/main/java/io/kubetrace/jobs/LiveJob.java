package io.kubetrace.jobs;

import io.kubetrace.model.ParsedObject;
import io.kubetrace.model.Rejection;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The unbounded job: object versions and Events as the clusters' watches deliver them, traced as
 * they come, with checkpoints so that a restart resumes every watch where it stopped. Takes its
 * source and sinks as given, so tests and the CLI wire the same graph.
 */
public final class LiveJob {

    private final Source<ParsedObject, ?, ?> watches;
    private final List<SpanOutput> spanOutputs;
    private final Sink<Rejection> rejectionSink;
    private final PipelineSettings settings;
    private final LiveSettings live;

    public LiveJob(
            Source<ParsedObject, ?, ?> watches,
            List<SpanOutput> spanOutputs,
            Sink<Rejection> rejectionSink,
            PipelineSettings settings,
            LiveSettings live) {
        this.watches = watches;
        this.spanOutputs = List.copyOf(spanOutputs);
        this.rejectionSink = rejectionSink;
        this.settings = settings;
        this.live = live;
    }

    public void build(StreamExecutionEnvironment env) {
        DataStream<ParsedObject> objects =
                env.fromSource(
                                watches,
                                LiveWatermarks.of(live.maxOutOfOrderness(), live.maxLag()),
                                "kubernetes watches",
                                TypeInformation.of(ParsedObject.class))
                        .uid(Uids.KUBE_WATCH_SOURCE);
        TracingPipeline.trace(null, objects, settings).writeTo(spanOutputs, rejectionSink);
    }
}
