package io.kubetrace.sources.kafka;

import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;

/** Where a job without state starts to read the audit topic. */
public enum StartingOffsets {
    /** The consumer group's committed offsets; the earliest for partitions it has none of. */
    COMMITTED,
    /** The oldest records the topic still keeps. */
    EARLIEST,
    /** Only what is written after the job started. */
    LATEST;

    // The connector still takes Kafka's deprecated OffsetResetStrategy for the fallback.
    @SuppressWarnings("deprecation")
    OffsetsInitializer initializer() {
        return switch (this) {
            case COMMITTED ->
                    OffsetsInitializer.committedOffsets(
                            org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST);
            case EARLIEST -> OffsetsInitializer.earliest();
            case LATEST -> OffsetsInitializer.latest();
        };
    }
}
