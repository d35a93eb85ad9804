package io.kubetrace.sources.kube.watch;

import io.kubetrace.model.ParsedObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/** Hands what a job in the test's MiniCluster emits to the test, as it comes. */
final class TestingQueueSink implements Sink<ParsedObject> {

    private static final BlockingQueue<ParsedObject> RECORDS = new LinkedBlockingQueue<>();

    static void clear() {
        RECORDS.clear();
    }

    /** The next {@code count} records, failing when they do not come within the time given. */
    static List<ParsedObject> take(int count, Duration timeout) throws InterruptedException {
        List<ParsedObject> taken = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (taken.size() < count) {
            ParsedObject next = RECORDS.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new AssertionError("only " + taken.size() + " of " + count + ": " + taken);
            }
            taken.add(next);
        }
        return taken;
    }

    /** What comes within the time given. */
    static List<ParsedObject> drainFor(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
        List<ParsedObject> drained = new ArrayList<>();
        RECORDS.drainTo(drained);
        return drained;
    }

    @Override
    public SinkWriter<ParsedObject> createWriter(WriterInitContext context) {
        return new SinkWriter<>() {
            @Override
            public void write(ParsedObject record, Context context) {
                RECORDS.add(record);
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
