package io.kubetrace.sources.kafka;

import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Settings of the Kafka audit source, with their defaults. */
public final class KafkaAuditOptions {

    public static final ConfigOption<String> BOOTSTRAP_SERVERS =
            ConfigOptions.key("kafka.bootstrap-servers")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Kafka brokers to read audit events from, host:port[,host:port...];"
                                    + " when unset the live job reads no audit events.");

    public static final ConfigOption<String> TOPIC =
            ConfigOptions.key("kafka.topic")
                    .stringType()
                    .defaultValue("kubetrace-audit")
                    .withDescription("The topic the webhook gateway writes audit events to.");

    public static final ConfigOption<String> GROUP_ID =
            ConfigOptions.key("kafka.group-id")
                    .stringType()
                    .defaultValue("kubetrace")
                    .withDescription(
                            "Consumer group; the job commits its offsets there at each completed"
                                    + " checkpoint, for monitoring and for a job started without"
                                    + " state.");

    public static final ConfigOption<StartingOffsets> STARTING_OFFSETS =
            ConfigOptions.key("kafka.starting-offsets")
                    .enumType(StartingOffsets.class)
                    .defaultValue(StartingOffsets.COMMITTED)
                    .withDescription(
                            "Where a job started without a savepoint or checkpoint reads the"
                                    + " topic from: COMMITTED (the group's committed offsets, else"
                                    + " the earliest), EARLIEST or LATEST. A restored job goes on"
                                    + " from its checkpointed offsets whatever this says.");

    public static final ConfigOption<Map<String, String>> PROPERTIES =
            ConfigOptions.key("kafka.properties")
                    .mapType()
                    .defaultValue(Map.of())
                    .withDescription(
                            "Kafka consumer properties passed as they are, such as"
                                    + " kafka.properties.security.protocol: SASL_SSL,"
                                    + " kafka.properties.sasl.mechanism and"
                                    + " kafka.properties.sasl.jaas.config; the settings above win"
                                    + " over the same keys here.");

    public static final ConfigOption<Duration> BACKFILL_OVERLAP =
            ConfigOptions.key("kafka.backfill-overlap")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(5))
                    .withDescription(
                            "After audit log files (run --backfill-audit-log), the topic is read"
                                    + " from this long before the newest event in the files, by"
                                    + " the records' Kafka time (when the gateway wrote them)."
                                    + " Events in both are traced once, so it must be shorter"
                                    + " than dedup.ttl; it must be longer than the gateway's"
                                    + " delay and clock skew.");

    private KafkaAuditOptions() {}
}
