package io.kubetrace.operators;

import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;

/**
 * How the {@link Linker} resolves roots (see {@link OperatorOptions} for each setting).
 *
 * @param grace how long an event with an unknown parent waits
 * @param maxDepth most ancestors walked
 * @param deletedTtl how long a deleted object's link is kept
 * @param idleTtl how long a link nothing refreshed is kept
 */
public record LinkSettings(Duration grace, int maxDepth, Duration deletedTtl, Duration idleTtl)
        implements Serializable {

    public static LinkSettings from(ReadableConfig config) {
        return new LinkSettings(
                config.get(OperatorOptions.LINK_GRACE),
                config.get(OperatorOptions.LINK_MAX_DEPTH),
                config.get(OperatorOptions.LINK_DELETED_TTL),
                config.get(OperatorOptions.LINK_IDLE_TTL));
    }

    public static LinkSettings defaults() {
        return from(new Configuration());
    }
}
