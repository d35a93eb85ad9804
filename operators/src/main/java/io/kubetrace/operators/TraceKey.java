package io.kubetrace.operators;

import io.kubetrace.model.TraceEvent;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * The key of the {@link TraceAssembler}: one trace, that is a root object and a window, written
 * {@code <root key>|<window index>}. Keying by window as well as root keeps each key's state to one
 * trace and spreads a long-lived root's windows across subtasks.
 */
public final class TraceKey implements KeySelector<TraceEvent, String> {

    private static final long serialVersionUID = 1L;

    private final TraceSettings settings;

    public TraceKey(TraceSettings settings) {
        this.settings = settings;
    }

    @Override
    public String getKey(TraceEvent event) {
        return of(event.root().key(), settings.windowIndex(event.eventTimeMillis()));
    }

    static String of(String rootKey, long windowIndex) {
        return rootKey + '|' + windowIndex;
    }

    /** The root object's key of a trace key. */
    public static String rootKey(String traceKey) {
        return traceKey.substring(0, traceKey.lastIndexOf('|'));
    }

    /** The window index of a trace key. */
    public static long windowIndex(String traceKey) {
        return Long.parseLong(traceKey.substring(traceKey.lastIndexOf('|') + 1));
    }
}
