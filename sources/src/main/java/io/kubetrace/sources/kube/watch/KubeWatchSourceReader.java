package io.kubetrace.sources.kube.watch;

import io.kubetrace.model.ParsedObject;
import java.util.Map;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;

/** Reads the splits of one subtask: all its watches feed one fetcher thread. */
final class KubeWatchSourceReader
        extends SingleThreadMultiplexSourceReaderBase<
                WatchRecord, ParsedObject, KubeWatchSplit, KubeWatchSplitState> {

    KubeWatchSourceReader(SourceReaderContext context, WatchSettings settings) {
        this(context, settings, new WatchMetrics(context.metricGroup()));
    }

    private KubeWatchSourceReader(
            SourceReaderContext context, WatchSettings settings, WatchMetrics metrics) {
        super(
                () -> new KubeWatchSplitReader(settings, metrics, context.getIndexOfSubtask()),
                new WatchRecordEmitter(metrics),
                context.getConfiguration(),
                context);
    }

    @Override
    protected void onSplitFinished(Map<String, KubeWatchSplitState> finishedSplitIds) {
        // Watches never finish: the source is unbounded.
    }

    @Override
    protected KubeWatchSplitState initializedState(KubeWatchSplit split) {
        return new KubeWatchSplitState(split);
    }

    @Override
    protected KubeWatchSplit toSplitType(String splitId, KubeWatchSplitState state) {
        return state.toSplit();
    }
}
