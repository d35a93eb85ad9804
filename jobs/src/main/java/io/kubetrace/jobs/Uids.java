package io.kubetrace.jobs;

/**
 * The uid of every stateful step. Savepoints map state to operators by these, so they never change
 * once released; a new step gets a new uid.
 */
public final class Uids {

    public static final String AUDIT_FILE_SOURCE = "audit-file-source";
    public static final String AUDIT_FILTER = "audit-filter";
    public static final String AUDIT_DEDUPLICATOR = "audit-deduplicator";
    public static final String LINKER = "linker";
    public static final String TRACE_ASSEMBLER = "trace-assembler";
    public static final String TRACE_FILE_SINK = "trace-file-sink";
    public static final String OTLP_SINK = "otlp-sink";
    public static final String REJECTION_SINK = "rejection-sink";

    private Uids() {}
}
