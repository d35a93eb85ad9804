package io.kubetrace.operators;

import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;

/**
 * How the {@link TraceAssembler} cuts and closes traces (see {@link OperatorOptions}).
 *
 * @param window length of the epoch-aligned windows
 * @param quiet quiet period after which object spans are emitted
 * @param lateness how long after its end a window's state is kept
 * @param lateMemory how long a closed window remembers its emitted object spans
 * @param maxSpans how many spans a trace holds before new child objects get traces of their own
 */
public record TraceSettings(
        Duration window, Duration quiet, Duration lateness, Duration lateMemory, int maxSpans)
        implements Serializable {

    public static TraceSettings from(ReadableConfig config) {
        return new TraceSettings(
                config.get(OperatorOptions.TRACE_WINDOW),
                config.get(OperatorOptions.TRACE_QUIET),
                config.get(OperatorOptions.TRACE_LATENESS),
                config.get(OperatorOptions.TRACE_LATE_MEMORY),
                config.get(OperatorOptions.TRACE_MAX_SPANS));
    }

    public static TraceSettings defaults() {
        return from(new Configuration());
    }

    /** The index of the window an event time (epoch milliseconds) falls in. */
    public long windowIndex(long eventTimeMillis) {
        return Math.floorDiv(eventTimeMillis, window.toMillis());
    }

    /** The first millisecond after a window. */
    public long windowEnd(long windowIndex) {
        return (windowIndex + 1) * window.toMillis();
    }
}
