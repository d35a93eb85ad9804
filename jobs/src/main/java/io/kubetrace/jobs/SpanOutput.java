package io.kubetrace.jobs;

import io.kubetrace.model.SpanRecord;
import org.apache.flink.api.connector.sink2.Sink;

/**
 * One place a job writes spans to.
 *
 * @param uid the sink's stable uid (see {@link Uids})
 * @param name what the Flink UI shows
 * @param sink the sink
 * @param byTrace whether the sink needs all spans of a trace in one subtask (files do)
 */
public record SpanOutput(String uid, String name, Sink<SpanRecord> sink, boolean byTrace) {}
