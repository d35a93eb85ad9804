package io.kubetrace.sources.kube.watch;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceOutput;

/** Keeps what a source reader emits, with the timestamps it gave. */
final class TestingReaderOutput<T> implements ReaderOutput<T> {

    final List<T> records = new ArrayList<>();
    final List<Long> timestamps = new ArrayList<>();

    @Override
    public void collect(T record) {
        collect(record, Long.MIN_VALUE);
    }

    @Override
    public void collect(T record, long timestamp) {
        records.add(record);
        timestamps.add(timestamp);
    }

    @Override
    public void emitWatermark(Watermark watermark) {}

    @Override
    public void markIdle() {}

    @Override
    public void markActive() {}

    @Override
    public SourceOutput<T> createOutputForSplit(String splitId) {
        return this;
    }

    @Override
    public void releaseOutputForSplit(String splitId) {}
}
