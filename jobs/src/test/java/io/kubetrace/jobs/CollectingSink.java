package io.kubetrace.jobs;

import io.kubetrace.model.SpanRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A test sink that keeps every span it gets in this JVM, under a name, and can fail the job once
 * after a number of spans, to make Flink restore from its last checkpoint.
 */
final class CollectingSink implements Sink<SpanRecord> {

    private static final long serialVersionUID = 1L;

    private static final Map<String, List<SpanRecord>> COLLECTED = new ConcurrentHashMap<>();
    private static final Map<String, AtomicBoolean> FAILED = new ConcurrentHashMap<>();

    private final String name;
    private final long failAfter;

    private CollectingSink(String name, long failAfter) {
        this.name = name;
        this.failAfter = failAfter;
        COLLECTED.put(name, new CopyOnWriteArrayList<>());
        FAILED.put(name, new AtomicBoolean());
    }

    static CollectingSink named(String name) {
        return new CollectingSink(name, Long.MAX_VALUE);
    }

    /** Fails the job once, when this many spans have come (over all subtasks). */
    static CollectingSink failingOnceAfter(String name, long spans) {
        return new CollectingSink(name, spans);
    }

    static List<SpanRecord> collected(String name) {
        return new ArrayList<>(COLLECTED.get(name));
    }

    @Override
    public SinkWriter<SpanRecord> createWriter(WriterInitContext context) {
        List<SpanRecord> spans = COLLECTED.get(name);
        AtomicBoolean failed = FAILED.get(name);
        return new SinkWriter<>() {
            @Override
            public void write(SpanRecord span, Context context) {
                spans.add(span);
                if (spans.size() >= failAfter && failed.compareAndSet(false, true)) {
                    throw new IllegalStateException(
                            "failure injected by the test after " + spans.size() + " spans");
                }
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
