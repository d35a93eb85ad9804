package io.kubetrace.sources.kube.watch;

import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SourceReaderMetricGroup;
import org.apache.flink.runtime.metrics.groups.InternalSourceReaderMetricGroup;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;

/** The context of a lone source reader, whose counters a test can read. */
final class TestingReaderContext implements SourceReaderContext {

    private final InterceptingOperatorMetricGroup metrics = new InterceptingOperatorMetricGroup();
    private final SourceReaderMetricGroup readerMetrics =
            InternalSourceReaderMetricGroup.wrap(metrics);

    long counter(String name) {
        return ((Counter) metrics.get(name)).getCount();
    }

    @Override
    public SourceReaderMetricGroup metricGroup() {
        return readerMetrics;
    }

    @Override
    public Configuration getConfiguration() {
        return new Configuration();
    }

    @Override
    public String getLocalHostName() {
        return "localhost";
    }

    @Override
    public int getIndexOfSubtask() {
        return 0;
    }

    @Override
    public void sendSplitRequest() {}

    @Override
    public void sendSourceEventToCoordinator(SourceEvent sourceEvent) {}

    @Override
    public UserCodeClassLoader getUserCodeClassLoader() {
        return SimpleUserCodeClassLoader.create(getClass().getClassLoader());
    }
}
