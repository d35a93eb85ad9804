package io.kubetrace.sources.kube.watch;

import io.kubetrace.model.ParsedObject;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;

/**
 * Emits a watch's record with its event time as timestamp, and moves its split's position on in the
 * same step, so a checkpoint holds exactly the position after the last record emitted.
 */
final class WatchRecordEmitter
        implements RecordEmitter<WatchRecord, ParsedObject, KubeWatchSplitState> {

    private final WatchMetrics metrics;

    WatchRecordEmitter(WatchMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void emitRecord(
            WatchRecord element, SourceOutput<ParsedObject> output, KubeWatchSplitState split) {
        ParsedObject record = element.record();
        if (record != null) {
            output.collect(record, record.eventTimeMillis());
            metrics.emitted(record);
        }
        split.advanceTo(element.position());
    }
}
