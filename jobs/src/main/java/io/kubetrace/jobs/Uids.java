package io.kubetrace.jobs;

/**
 * The uid of every stateful step. Savepoints map state to operators by these, so they never change
 * once released; a new step gets a new uid.
 */
public final class Uids {

    public static final String AUDIT_FILE_SOURCE = "audit-file-source";
    public static final String OBJECT_FILE_SOURCE = "object-file-source";
    public static final String KUBE_WATCH_SOURCE = "kube-watch-source";
    public static final String KAFKA_AUDIT_SOURCE = "kafka-audit-source";

    /**
     * Audit files, then the topic ({@code run --backfill-audit-log}). Not the Kafka source's uid:
     * the two keep different state, and a savepoint of one cannot restore the other.
     */
    public static final String AUDIT_FILES_THEN_KAFKA_SOURCE = "audit-files-then-kafka-source";

    public static final String OBJECT_ROUTER = "object-router";
    public static final String OBJECT_DIFFER = "object-differ";
    public static final String DIFF_JOINER = "diff-joiner";
    public static final String CHANGES_WITHOUT_DIFFS = "changes-without-diffs";
    public static final String EVENT_DEDUPLICATOR = "event-deduplicator";
    public static final String EVENT_OBSERVATIONS = "event-observations";
    public static final String VERSION_OBSERVATIONS = "version-observations";
    public static final String AUDIT_FILTER = "audit-filter";
    public static final String AUDIT_DEDUPLICATOR = "audit-deduplicator";
    public static final String LINKER = "linker";
    public static final String TRACE_ASSEMBLER = "trace-assembler";
    public static final String TRACE_FILE_SINK = "trace-file-sink";
    public static final String OTLP_SINK = "otlp-sink";
    public static final String REJECTION_SINK = "rejection-sink";

    private Uids() {}
}
