package io.kubetrace.sinks;

import io.kubetrace.model.Rejection;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs each rejected input with its source, line and reason, for jobs that write no files. */
public final class RejectionLogSink implements Sink<Rejection> {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(RejectionLogSink.class);

    @Override
    public SinkWriter<Rejection> createWriter(WriterInitContext context) {
        return new SinkWriter<>() {
            @Override
            public void write(Rejection rejection, Context context) {
                LOG.warn(
                        "rejected {}:{}: {} | {}",
                        rejection.source(),
                        rejection.line(),
                        rejection.reason(),
                        rejection.excerpt());
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
