package io.kubetrace.operators;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;

/** Settings of the operators, with their defaults (Kelemetry's where it has one). */
public final class OperatorOptions {

    public static final ConfigOption<List<String>> FILTER_VERBS =
            ConfigOptions.key("filter.verbs")
                    .stringType()
                    .asList()
                    .defaultValues("create", "update", "patch", "delete")
                    .withDescription("Audit verbs that are traced; the others are counted.");

    public static final ConfigOption<List<String>> FILTER_EXCLUDE_RESOURCES =
            ConfigOptions.key("filter.exclude-resources")
                    .stringType()
                    .asList()
                    .defaultValues(
                            "events",
                            "events.k8s.io/events",
                            "coordination.k8s.io/leases",
                            "authentication.k8s.io/tokenreviews",
                            "authentication.k8s.io/selfsubjectreviews",
                            "authorization.k8s.io/subjectaccessreviews",
                            "authorization.k8s.io/selfsubjectaccessreviews",
                            "authorization.k8s.io/localsubjectaccessreviews",
                            "authorization.k8s.io/selfsubjectrulesreviews")
                    .withDescription(
                            "Resources never traced, as 'resource' (core group) or"
                                    + " 'group/resource'. Besides Kelemetry's (Events, Leases),"
                                    + " the reviews that are created but never stored.");

    public static final ConfigOption<List<String>> FILTER_EXCLUDE_USER_AGENTS =
            ConfigOptions.key("filter.exclude-user-agents")
                    .stringType()
                    .asList()
                    .defaultValues("/leader-election", "local-path-provisioner/")
                    .withDescription(
                            "Events whose user agent contains one of these are not traced.");

    public static final ConfigOption<String> FILTER_EXCLUDE_REGEX =
            ConfigOptions.key("filter.exclude-regex")
                    .stringType()
                    .defaultValue("")
                    .withDescription(
                            "Events whose 'group/version/resource/namespace/name' matches this"
                                    + " regular expression are not traced; empty for none.");

    public static final ConfigOption<List<String>> FILTER_CLUSTERS_ALLOW =
            ConfigOptions.key("filter.clusters.allow")
                    .stringType()
                    .asList()
                    .defaultValues()
                    .withDescription("Only these clusters are traced; empty for all.");

    public static final ConfigOption<List<String>> FILTER_CLUSTERS_DENY =
            ConfigOptions.key("filter.clusters.deny")
                    .stringType()
                    .asList()
                    .defaultValues()
                    .withDescription("These clusters are never traced.");

    public static final ConfigOption<Duration> DEDUP_TTL =
            ConfigOptions.key("dedup.ttl")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(10))
                    .withDescription(
                            "How long (event time) an audit ID is remembered to drop a repeat:"
                                    + " webhook retries and Kafka redelivery come within it.");

    public static final ConfigOption<Duration> LINK_GRACE =
            ConfigOptions.key("link.grace")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(5))
                    .withDescription(
                            "How long (event time) an event whose parent is unknown waits for"
                                    + " it before going on with what is known.");

    public static final ConfigOption<Integer> LINK_MAX_DEPTH =
            ConfigOptions.key("link.max-depth")
                    .intType()
                    .defaultValue(8)
                    .withDescription("Most ancestors walked from an object to its root.");

    public static final ConfigOption<Duration> LINK_DELETED_TTL =
            ConfigOptions.key("link.deleted-ttl")
                    .durationType()
                    .defaultValue(Duration.ofHours(2))
                    .withDescription(
                            "How long (event time) a deleted object's parent is remembered, for"
                                    + " the events that follow its deletion.");

    public static final ConfigOption<Duration> LINK_IDLE_TTL =
            ConfigOptions.key("link.idle-ttl")
                    .durationType()
                    .defaultValue(Duration.ofDays(1))
                    .withDescription(
                            "How long (processing time) a parent link no event refreshed is"
                                    + " kept; bounds the state of objects whose deletion was"
                                    + " never seen. Each event with a body refreshes it.");

    public static final ConfigOption<Duration> TRACE_WINDOW =
            ConfigOptions.key("trace.window")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(30))
                    .withDescription(
                            "Length of the epoch-aligned windows a root object's life is cut"
                                    + " into; one trace per root per window.");

    public static final ConfigOption<Duration> TRACE_QUIET =
            ConfigOptions.key("trace.quiet")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(60))
                    .withDescription(
                            "Object spans are emitted once their tree has been quiet this long"
                                    + " (event time), or when the window ends.");

    public static final ConfigOption<Duration> TRACE_LATENESS =
            ConfigOptions.key("trace.lateness")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(5))
                    .withDescription(
                            "How long after its end a window's state is kept for late events.");

    public static final ConfigOption<Duration> TRACE_LATE_MEMORY =
            ConfigOptions.key("trace.late-memory")
                    .durationType()
                    .defaultValue(Duration.ofHours(1))
                    .withDescription(
                            "How long (processing time) a closed window remembers which object"
                                    + " spans it emitted, so late events do not emit them again.");

    public static final ConfigOption<Integer> TRACE_MAX_SPANS =
            ConfigOptions.key("trace.max-spans")
                    .intType()
                    .defaultValue(20_000)
                    .withDescription(
                            "Spans a trace holds (Jaeger UI struggles beyond 20,000); past it, new"
                                + " child objects in that window get traces of their own, with a"
                                + " span link to their parent, and the root is marked"
                                + " kubetrace.truncated.");

    public static final ConfigOption<Duration> DIFF_JOIN_TIMEOUT =
            ConfigOptions.key("diff.join-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(15))
                    .withDescription(
                            "How long (event time) a change waits for the diff of its"
                                + " resourceVersion, and a diff for its change, before each goes on"
                                + " without the other.");

    public static final ConfigOption<MemorySize> DIFF_MAX_SIZE =
            ConfigOptions.key("diff.max-size")
                    .memoryType()
                    .defaultValue(MemorySize.parse("64kb"))
                    .withDescription(
                            "Longest diff text or snapshot on a span; longer ones are cut with a"
                                    + " marker.");

    public static final ConfigOption<String> DIFF_REDACT_REGEX =
            ConfigOptions.key("diff.redact-regex")
                    .stringType()
                    .defaultValue("")
                    .withDescription(
                            "Objects whose 'group/version/resource/namespace/name' matches show"
                                    + " only which fields changed, as Secrets and objects labelled"
                                    + " kubetrace.io/redact always do; empty for none.");

    public static final ConfigOption<Duration> DIFF_IDLE_TTL =
            ConfigOptions.key("diff.idle-ttl")
                    .durationType()
                    .defaultValue(Duration.ofDays(7))
                    .withDescription(
                            "How long (processing time) an object's last version is kept when no"
                                    + " new version comes; a relist brings it back.");

    public static final ConfigOption<Duration> EVENT_MAX_AGE =
            ConfigOptions.key("event.max-age")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(5))
                    .withDescription(
                            "An Event this far behind the watermark when first seen comes from a"
                                    + " relist, not from now, and is dropped.");

    private OperatorOptions() {}
}
