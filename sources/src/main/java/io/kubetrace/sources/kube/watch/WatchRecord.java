package io.kubetrace.sources.kube.watch;

import io.kubetrace.model.ParsedObject;

/**
 * What a watch hands to the reader: the record to emit, or {@code null} for a bookmark or the end
 * of a list, and the position of its split once it has been emitted.
 */
record WatchRecord(String splitId, ParsedObject record, WatchPosition position) {}
