package io.kubetrace.sources.kube.watch;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.io.File;

/** Opens the client of a {@link ClusterConnection}. */
final class KubeClients {

    /**
     * Retries of a failed discovery request. A person waits for discovery, and an API server that
     * is down, or an aggregated API that is unavailable, would keep them waiting through the
     * client's ten.
     */
    private static final int DISCOVERY_RETRIES = 2;

    private KubeClients() {}

    /** The client of a split's watches. */
    static KubernetesClient connect(ClusterConnection cluster) {
        Config config = config(cluster);
        // A split's watch reconnects itself, from the last resourceVersion it handed on, with its
        // own backoff and metrics; the client's own reconnects would hide a 410 and a failure.
        config.setWatchReconnectLimit(0);
        return build(config);
    }

    /** The client of {@link ResourceDiscovery}, which gives up on a failing request soon. */
    static KubernetesClient connectForDiscovery(ClusterConnection cluster) {
        Config config = config(cluster);
        config.setRequestRetryBackoffLimit(DISCOVERY_RETRIES);
        return build(config);
    }

    private static KubernetesClient build(Config config) {
        return new KubernetesClientBuilder()
                .withConfig(config)
                // Named rather than found on the classpath: the JDK client needs no Netty or
                // OkHttp in the job jar.
                .withHttpClientFactory(new JdkHttpClientFactory())
                .build();
    }

    private static Config config(ClusterConnection cluster) {
        if (!cluster.masterUrl().isEmpty()) {
            return new ConfigBuilder(Config.empty()).withMasterUrl(cluster.masterUrl()).build();
        }
        String context = cluster.context().isEmpty() ? null : cluster.context();
        return cluster.kubeconfigPath().isEmpty()
                ? Config.autoConfigure(context)
                : Config.fromKubeconfig(context, new File(cluster.kubeconfigPath()));
    }
}
