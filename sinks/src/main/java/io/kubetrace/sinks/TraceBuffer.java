package io.kubetrace.sinks;

import io.kubetrace.model.SpanRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Spans grouped by trace until a sink writes them out; knows how many it holds. */
final class TraceBuffer {

    private final Map<String, List<SpanRecord>> spansByTrace = new LinkedHashMap<>();
    private int size;

    void add(SpanRecord span) {
        spansByTrace.computeIfAbsent(span.traceId(), traceId -> new ArrayList<>()).add(span);
        size++;
    }

    int size() {
        return size;
    }

    /** The buffered traces, leaving the buffer empty. */
    Map<String, List<SpanRecord>> drain() {
        Map<String, List<SpanRecord>> drained = new LinkedHashMap<>(spansByTrace);
        spansByTrace.clear();
        size = 0;
        return drained;
    }
}
