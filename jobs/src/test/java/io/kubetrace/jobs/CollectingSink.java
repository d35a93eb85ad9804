package io.kubetrace.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A test sink that keeps every record it gets in this JVM, under a name, with the newest watermark
 * it got, and can fail the job once after a number of records, to make Flink restore from its last
 * checkpoint.
 */
final class CollectingSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;

    private static final Map<String, List<Object>> COLLECTED = new ConcurrentHashMap<>();
    private static final Map<String, AtomicBoolean> FAILED = new ConcurrentHashMap<>();
    private static final Map<String, AtomicLong> WATERMARKS = new ConcurrentHashMap<>();

    private final String name;
    private final long failAfter;

    private CollectingSink(String name, long failAfter) {
        this.name = name;
        this.failAfter = failAfter;
        COLLECTED.put(name, new CopyOnWriteArrayList<>());
        FAILED.put(name, new AtomicBoolean());
        WATERMARKS.put(name, new AtomicLong(Long.MIN_VALUE));
    }

    static <T> CollectingSink<T> named(String name) {
        return new CollectingSink<>(name, Long.MAX_VALUE);
    }

    /** Fails the job once, when this many records have come (over all subtasks). */
    static <T> CollectingSink<T> failingOnceAfter(String name, long records) {
        return new CollectingSink<>(name, records);
    }

    // Only a sink of the same name put records there, and its type says what they are.
    @SuppressWarnings("unchecked")
    static <T> List<T> collected(String name) {
        return new ArrayList<>((List<T>) (List<?>) COLLECTED.get(name));
    }

    /**
     * The newest watermark the sink got: once it is past a time, whatever the job emits when its
     * watermark passes that time has come.
     */
    static long watermark(String name) {
        return WATERMARKS.get(name).get();
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        List<Object> records = COLLECTED.get(name);
        AtomicBoolean failed = FAILED.get(name);
        AtomicLong watermark = WATERMARKS.get(name);
        return new SinkWriter<>() {
            @Override
            public void write(T record, Context context) {
                records.add(record);
                if (records.size() >= failAfter && failed.compareAndSet(false, true)) {
                    throw new IllegalStateException(
                            "failure injected by the test after " + records.size() + " records");
                }
            }

            @Override
            public void writeWatermark(Watermark received) {
                watermark.accumulateAndGet(received.getTimestamp(), Math::max);
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
