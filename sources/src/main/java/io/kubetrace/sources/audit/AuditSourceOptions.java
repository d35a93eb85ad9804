package io.kubetrace.sources.audit;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;

/** Settings of the audit sources, with their defaults. */
public final class AuditSourceOptions {

    public static final ConfigOption<String> CLUSTER =
            ConfigOptions.key("audit.cluster")
                    .stringType()
                    .defaultValue("default")
                    .withDescription(
                            "Cluster name of audit events that do not carry one (files; the"
                                    + " gateway names the cluster of what it receives).");

    public static final ConfigOption<MemorySize> SNAPSHOT_MAX_SIZE =
            ConfigOptions.key("audit.snapshot.max-size")
                    .memoryType()
                    .defaultValue(MemorySize.parse("64kb"))
                    .withDescription(
                            "Largest creation or deletion snapshot kept on a span; longer ones"
                                    + " are cut with a marker.");

    public static final ConfigOption<MemorySize> MAX_DOCUMENT_SIZE =
            ConfigOptions.key("audit.max-document-size")
                    .memoryType()
                    .defaultValue(MemorySize.parse("64mb"))
                    .withDescription(
                            "Largest multi-line JSON document (array, EventList) read from a"
                                    + " file; larger ones are rejected.");

    public static final ConfigOption<Duration> MAX_OUT_OF_ORDERNESS =
            ConfigOptions.key("audit.max-out-of-orderness")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(5))
                    .withDescription(
                            "How far behind the newest event time an event may arrive and still"
                                    + " be on time.");

    private AuditSourceOptions() {}
}
