package io.kubetrace.operators;

import java.io.Serializable;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Which audit events are traced (see {@link OperatorOptions} for each setting).
 *
 * @param verbs verbs traced
 * @param excludedResources resources never traced, {@code resource} or {@code group/resource}
 * @param excludedUserAgents user-agent substrings never traced
 * @param excludeRegex regular expression over {@code group/version/resource/namespace/name}, or
 *     {@code ""}
 * @param allowedClusters clusters traced; empty for all
 * @param deniedClusters clusters never traced
 */
public record FilterSettings(
        Set<String> verbs,
        Set<String> excludedResources,
        List<String> excludedUserAgents,
        String excludeRegex,
        Set<String> allowedClusters,
        Set<String> deniedClusters)
        implements Serializable {

    public static FilterSettings from(ReadableConfig config) {
        return new FilterSettings(
                Set.copyOf(config.get(OperatorOptions.FILTER_VERBS)),
                Set.copyOf(config.get(OperatorOptions.FILTER_EXCLUDE_RESOURCES)),
                List.copyOf(config.get(OperatorOptions.FILTER_EXCLUDE_USER_AGENTS)),
                config.get(OperatorOptions.FILTER_EXCLUDE_REGEX),
                Set.copyOf(config.get(OperatorOptions.FILTER_CLUSTERS_ALLOW)),
                Set.copyOf(config.get(OperatorOptions.FILTER_CLUSTERS_DENY)));
    }

    /** Kelemetry's defaults. */
    public static FilterSettings defaults() {
        return from(new Configuration());
    }
}
