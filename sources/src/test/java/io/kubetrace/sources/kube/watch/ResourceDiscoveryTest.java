package io.kubetrace.sources.kube.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Discovery against API servers whose discovery documents say what they serve. */
class ResourceDiscoveryTest {

    private static final String[] READ_WRITE = {
        "create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"
    };

    private static final WatchedResource PODS = new WatchedResource("", "v1", "pods");
    private static final WatchedResource EVENTS = new WatchedResource("", "v1", "events");
    private static final WatchedResource CONFIGMAPS = new WatchedResource("", "v1", "configmaps");
    private static final WatchedResource DEPLOYMENTS =
            new WatchedResource("apps", "v1", "deployments");
    private static final WatchedResource REPLICASETS =
            new WatchedResource("apps", "v1", "replicasets");
    private static final WatchedResource AUTOSCALERS =
            new WatchedResource("autoscaling", "v2", "horizontalpodautoscalers");
    private static final WatchedResource LEASES =
            new WatchedResource("coordination.k8s.io", "v1", "leases");
    private static final WatchedResource NEW_EVENTS =
            new WatchedResource("events.k8s.io", "v1", "events");
    private static final WatchedResource WIDGETS =
            new WatchedResource("example.com", "v1", "widgets");

    private final TestingApiServer prod = new TestingApiServer();
    private final TestingApiServer dev = new TestingApiServer();

    @AfterEach
    void stopServers() {
        prod.close();
        dev.close();
    }

    /** What the kind cluster of these tests serves that can be listed and watched, in order. */
    private static List<WatchedResource> kindServes() {
        return List.of(
                PODS,
                EVENTS,
                CONFIGMAPS,
                DEPLOYMENTS,
                REPLICASETS,
                AUTOSCALERS,
                LEASES,
                NEW_EVENTS);
    }

    @Test
    void findsWhatCanBeListedAndWatchedButNotSubresources() throws Exception {
        kindCluster().servedBy(prod);

        assertThat(ResourceDiscovery.served(prod.cluster("prod")))
                .containsExactlyElementsOf(kindServes());
    }

    @Test
    void asksEachGroupOnlyAtItsPreferredVersion() throws Exception {
        kindCluster().servedBy(prod);

        assertThat(ResourceDiscovery.served(prod.cluster("prod")))
                .contains(AUTOSCALERS)
                .doesNotContain(
                        new WatchedResource("autoscaling", "v1", "horizontalpodautoscalers"));
        assertThat(prod.requestedPaths())
                .contains("/apis/autoscaling/v2")
                .doesNotContain("/apis/autoscaling/v1");
    }

    @Test
    void leavesOutAGroupThatCannotSayWhatItServes() throws Exception {
        kindCluster().unavailableGroup("metrics.k8s.io", "v1beta1").servedBy(prod);

        assertThat(ResourceDiscovery.served(prod.cluster("prod")))
                .containsExactlyElementsOf(kindServes());
    }

    @Test
    void allIsWhatIsNamedThenWhatIsServedButExcluded() throws Exception {
        kindCluster().servedBy(prod);
        WatchedResource olderAutoscalers =
                new WatchedResource("autoscaling", "v1", "horizontalpodautoscalers");

        List<WatchedResource> all =
                ResourceDiscovery.all(
                        List.of(prod.cluster("prod")),
                        List.of(CONFIGMAPS, olderAutoscalers, LEASES),
                        Set.of("coordination.k8s.io/leases", "events.k8s.io/events", "pods"));

        // A named resource is watched even when excluded, and only at the version named.
        assertThat(all)
                .containsExactly(
                        CONFIGMAPS, olderAutoscalers, LEASES, EVENTS, DEPLOYMENTS, REPLICASETS);
    }

    @Test
    void allIsWhatAnyClusterServesAtTheFirstClustersVersion() throws Exception {
        kindCluster().servedBy(prod);
        new Discovery()
                .core(resource("pods", READ_WRITE))
                .group("autoscaling", "v1", resource("horizontalpodautoscalers", READ_WRITE))
                .group("example.com", "v1", resource("widgets", READ_WRITE))
                .servedBy(dev);

        List<WatchedResource> all =
                ResourceDiscovery.all(
                        List.of(prod.cluster("prod"), dev.cluster("dev")), List.of(), Set.of());

        assertThat(all)
                .containsExactly(
                        PODS,
                        EVENTS,
                        CONFIGMAPS,
                        DEPLOYMENTS,
                        REPLICASETS,
                        AUTOSCALERS,
                        LEASES,
                        NEW_EVENTS,
                        WIDGETS);
    }

    @Test
    void namesTheClusterThatCannotBeReached() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ClusterConnection gone = ClusterConnection.ofUrl("gone", "http://127.0.0.1:" + closedPort);

        assertThatThrownBy(() -> ResourceDiscovery.all(List.of(gone), List.of(), Set.of()))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith(
                        "cluster gone: cannot ask http://127.0.0.1:"
                                + closedPort
                                + "/ which resources it serves: ConnectException");
    }

    @Test
    void saysWhatTheApiServerAnswered() {
        prod.expect()
                .get()
                .withPath("/api")
                .andReturn(
                        401,
                        new StatusBuilder()
                                .withStatus("Failure")
                                .withCode(401)
                                .withReason("Unauthorized")
                                .withMessage("Unauthorized")
                                .build())
                .always();
        ClusterConnection cluster = prod.cluster("prod");

        assertThatThrownBy(() -> ResourceDiscovery.served(cluster))
                .isInstanceOf(IOException.class)
                .hasMessage(
                        "cluster prod: cannot ask %s which resources it serves: HTTP 401"
                                + " (Unauthorized)",
                        cluster.masterUrl());
    }

    /**
     * A small cluster: core resources that cannot be watched, or are subresources; a group served
     * at two versions; and the groups {@code watch.exclude-resources} leaves out by default.
     */
    private static Discovery kindCluster() {
        return new Discovery()
                .core(
                        resource("pods", READ_WRITE),
                        resource("pods/log", "get"),
                        resource("pods/status", "get", "patch", "update"),
                        resource("bindings", "create"),
                        resource("componentstatuses", "get", "list"),
                        resource("events", READ_WRITE),
                        resource("configmaps", READ_WRITE))
                .group(
                        "apps",
                        "v1",
                        resource("deployments", READ_WRITE),
                        resource("deployments/scale", "get", "patch", "update"),
                        resource("replicasets", READ_WRITE))
                .group("autoscaling", "v2", resource("horizontalpodautoscalers", READ_WRITE))
                .olderVersion("autoscaling", "v1", resource("horizontalpodautoscalers", READ_WRITE))
                .group("coordination.k8s.io", "v1", resource("leases", READ_WRITE))
                .group("events.k8s.io", "v1", resource("events", READ_WRITE));
    }

    private static APIResource resource(String name, String... verbs) {
        return new APIResourceBuilder()
                .withName(name)
                .withNamespaced(true)
                .withKind(name)
                .withVerbs(verbs)
                .build();
    }

    /** The discovery documents an API server answers with: {@code /api}, {@code /apis}, ... */
    private static final class Discovery {

        private final List<APIResource> core = new ArrayList<>();

        /** Each group's versions, the preferred one first. */
        private final Map<String, List<String>> versions = new LinkedHashMap<>();

        private final Map<String, List<APIResource>> resources = new HashMap<>();
        private final Set<String> unavailable = new HashSet<>();

        Discovery core(APIResource... served) {
            core.addAll(List.of(served));
            return this;
        }

        Discovery group(String name, String preferredVersion, APIResource... served) {
            return version(name, preferredVersion, served);
        }

        /** A version of a group given before, which the group prefers less. */
        Discovery olderVersion(String name, String version, APIResource... served) {
            return version(name, version, served);
        }

        private Discovery version(String name, String version, APIResource... served) {
            versions.computeIfAbsent(name, group -> new ArrayList<>()).add(version);
            resources.put(name + "/" + version, List.of(served));
            return this;
        }

        /** An aggregated API whose backend is down. */
        Discovery unavailableGroup(String name, String version) {
            versions.computeIfAbsent(name, group -> new ArrayList<>()).add(version);
            unavailable.add(name + "/" + version);
            return this;
        }

        void servedBy(TestingApiServer server) {
            server.expect()
                    .get()
                    .withPath("/api")
                    .andReturn(200, new APIVersionsBuilder().withVersions("v1").build())
                    .always();
            server.expect().get().withPath("/api/v1").andReturn(200, list("v1", core)).always();
            List<APIGroup> groups = new ArrayList<>();
            versions.forEach((name, served) -> groups.add(group(name, served)));
            server.expect()
                    .get()
                    .withPath("/apis")
                    .andReturn(200, new APIGroupListBuilder().withGroups(groups).build())
                    .always();
            resources.forEach(
                    (groupVersion, served) ->
                            server.expect()
                                    .get()
                                    .withPath("/apis/" + groupVersion)
                                    .andReturn(200, list(groupVersion, served))
                                    .always());
            for (String groupVersion : unavailable) {
                server.expect()
                        .get()
                        .withPath("/apis/" + groupVersion)
                        .andReturn(
                                503,
                                new StatusBuilder()
                                        .withStatus("Failure")
                                        .withCode(503)
                                        .withMessage(
                                                "the server is currently unable to handle the"
                                                        + " request")
                                        .build())
                        .always();
            }
        }

        private static APIGroup group(String name, List<String> served) {
            List<GroupVersionForDiscovery> groupVersions =
                    served.stream()
                            .map(
                                    version ->
                                            new GroupVersionForDiscovery(
                                                    name + "/" + version, version))
                            .toList();
            return new APIGroupBuilder()
                    .withName(name)
                    .withVersions(groupVersions)
                    .withPreferredVersion(groupVersions.get(0))
                    .build();
        }

        private static APIResourceList list(String groupVersion, List<APIResource> served) {
            return new APIResourceListBuilder()
                    .withGroupVersion(groupVersion)
                    .withResources(served)
                    .build();
        }
    }
}
