package io.kubetrace.jobs;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Settings of the live job: which clusters and resources it watches, and its watermarks. */
public final class LiveOptions {

    public static final ConfigOption<String> KUBECONFIG =
            ConfigOptions.key("watch.kubeconfig")
                    .stringType()
                    .defaultValue("")
                    .withDescription(
                            "The kubeconfig file; empty: $KUBECONFIG, else ~/.kube/config, else"
                                    + " the pod's service account.");

    public static final ConfigOption<List<String>> CONTEXTS =
            ConfigOptions.key("watch.contexts")
                    .stringType()
                    .asList()
                    .defaultValues()
                    .withDescription(
                            "kubeconfig contexts to watch, each a cluster named after its context;"
                                    + " '*' for every context; none: the current context.");

    public static final ConfigOption<String> SERVER =
            ConfigOptions.key("watch.server")
                    .stringType()
                    .defaultValue("")
                    .withDescription(
                            "An API server URL reached without credentials, such as a kubectl"
                                    + " proxy; used instead of the kubeconfig when set.");

    public static final ConfigOption<String> CLUSTER_NAME =
            ConfigOptions.key("watch.cluster-name")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The cluster's name in traces when one cluster is watched (default:"
                                    + " its context's name, or 'default' for watch.server).");

    public static final ConfigOption<List<String>> RESOURCES =
            ConfigOptions.key("watch.resources")
                    .stringType()
                    .asList()
                    .defaultValues("default")
                    .withDescription(
                            "Resources to list and watch in every cluster: 'default' (workloads,"
                                    + " pods, services, nodes, namespaces, volumes, autoscalers,"
                                    + " ingresses and events); 'all' (every resource a cluster"
                                    + " serves that can be listed and watched, at its preferred"
                                    + " version, but watch.exclude-resources; found through the"
                                    + " API servers' discovery when the job starts); and more as"
                                    + " group/version/resource (v1/configmaps,"
                                    + " apps/v1/deployments). 'none' (or an empty list) watches no"
                                    + " cluster, for a job that reads only the audit topic.");

    public static final ConfigOption<List<String>> EXCLUDE_RESOURCES =
            ConfigOptions.key("watch.exclude-resources")
                    .stringType()
                    .asList()
                    .defaultValues("events.k8s.io/events", "coordination.k8s.io/leases")
                    .withDescription(
                            "Resources 'all' in watch.resources leaves out, at every version, as"
                                    + " group/resource, or resource for the core group (as"
                                    + " filter.exclude-resources). By default the events.k8s.io"
                                    + " Events, which are the core Events again, and Leases,"
                                    + " which change every few seconds. A resource that"
                                    + " watch.resources names is watched all the same.");

    public static final ConfigOption<Duration> MAX_OUT_OF_ORDERNESS =
            ConfigOptions.key("watermark.max-out-of-orderness")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(5))
                    .withDescription(
                            "How far behind the newest time a watch delivered the watermark"
                                    + " trails.");

    public static final ConfigOption<Duration> MAX_LAG =
            ConfigOptions.key("watermark.max-lag")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription(
                            "The most the watermark lags the wall clock, so that windows and"
                                    + " quiet periods close on a quiet cluster; data older than"
                                    + " that is late (still traced, and counted).");

    public static final ConfigOption<Duration> IDLENESS =
            ConfigOptions.key("watermark.idleness")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription(
                            "Audit sources: a split (Kafka partition, audit file) that has not"
                                    + " caught up with the wall clock and has sent nothing for"
                                    + " this long stops holding the watermark back; a reader"
                                    + " that has not received its first records by then is idle"
                                    + " too, so it must be longer than a consumer takes to"
                                    + " start. Once caught up, a split follows the clock and is"
                                    + " never idle.");

    private LiveOptions() {}
}
