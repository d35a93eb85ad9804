package io.kubetrace.sources.kube.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.kubetrace.model.KubeEvent;
import io.kubetrace.model.ObjectVersion;
import io.kubetrace.model.ParsedObject;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KubeWatchSourceReaderTest {

    private static final WatchedResource PODS = new WatchedResource("", "v1", "pods");
    private static final WatchedResource EVENTS = new WatchedResource("", "v1", "events");
    private static final WatchedResource WIDGETS =
            new WatchedResource("example.com", "v1", "widgets");

    private static final String PODS_PATH = "/api/v1/pods";

    private final TestingApiServer api = new TestingApiServer();
    private final ClusterConnection cluster = api.cluster("prod");

    @AfterEach
    void stopServer() {
        api.close();
    }

    @Test
    void listsWhatIsThereThenWatchesChanges() throws Exception {
        createPod("web-1");
        createPod("web-2");
        createEvent("web-1.17a", "web-1");
        long start = System.currentTimeMillis();

        try (ReaderRun run =
                new ReaderRun(
                        WatchSettings.defaults(),
                        List.of(
                                KubeWatchSplit.fresh(cluster, PODS),
                                KubeWatchSplit.fresh(cluster, EVENTS)))) {
            // fabric8's CRUD mock starts each watch by sending all it stores as ADDED, which a
            // real API server, watching from the list's resourceVersion, does not: once those
            // have come, the watches are open.
            run.awaitRecords(6);
            createPod("web-3");
            run.awaitRecords(7);
            api.client()
                    .pods()
                    .inNamespace("default")
                    .withName("web-1")
                    .edit(
                            pod ->
                                    new PodBuilder(pod)
                                            .editMetadata()
                                            .addToLabels("tier", "web")
                                            .endMetadata()
                                            .build());
            run.awaitRecords(8);
            api.client().pods().inNamespace("default").withName("web-2").delete();
            run.awaitRecords(9);

            assertThat(versionsOf(run, PODS))
                    .containsExactly(
                            "LISTED web-1 1",
                            "LISTED web-2 2",
                            "ADDED web-1 1",
                            "ADDED web-2 2",
                            "ADDED web-3 4",
                            "MODIFIED web-1 5",
                            // The mock sends a deletion with the last stored version; a real API
                            // server gives it a resourceVersion of its own.
                            "DELETED web-2 2");
            ObjectVersion listed = run.records().get(0).version();
            assertThat(listed.object().cluster()).isEqualTo("prod");
            assertThat(listed.source()).isEqualTo("prod:v1/pods");
            assertThat(listed.timeNanos() / 1_000_000).isBetween(start, System.currentTimeMillis());
            List<KubeEvent> events =
                    run.records().stream()
                            .map(ParsedObject::event)
                            .filter(Objects::nonNull)
                            .toList();
            assertThat(events).hasSize(2);
            assertThat(events.get(0).reason()).isEqualTo("Scheduled");
            assertThat(events.get(0).regarding().name()).isEqualTo("web-1");
            assertThat(events.get(0).timeNanos()).isEqualTo(1_767_323_045_000_000_000L);
            assertThat(run.output.timestamps)
                    .containsExactlyElementsOf(
                            run.records().stream().map(ParsedObject::eventTimeMillis).toList());
            assertThat(run.context.counter("kubeWatchVersionsEmitted")).isEqualTo(7);
            assertThat(run.context.counter("kubeWatchEventsEmitted")).isEqualTo(2);
        }
    }

    @Test
    void watchesOnFromACheckpointWithoutListing() throws Exception {
        createPod("web-1");
        createPod("web-2");
        // Only a watch from resourceVersion 2 gets this answer; a list, or a watch from any other
        // resourceVersion, would get web-1 and web-2 from the CRUD mock.
        api.expect()
                .get()
                .withPath(watchPath(PODS_PATH, "2"))
                .andUpgradeToWebSocket()
                .open(
                        new WatchEvent(pod("web-1", "3"), "MODIFIED"),
                        new WatchEvent(pod("web-3", "4"), "ADDED"),
                        new WatchEvent(pod("", "6"), "BOOKMARK"))
                .expect("nothing")
                .andEmit("so the watch stays open")
                .once()
                .done()
                .once();
        KubeWatchSplit checkpointed =
                KubeWatchSplit.fresh(cluster, PODS).at(WatchPosition.watching("2"));

        try (ReaderRun run = new ReaderRun(WatchSettings.defaults(), List.of(checkpointed))) {
            run.awaitRecords(1);
            assertThat(run.checkpoint(checkpointed.splitId()).position())
                    .isEqualTo(WatchPosition.watching("3"));
            run.awaitUntil(
                    () ->
                            run.checkpoint(checkpointed.splitId())
                                    .position()
                                    .equals(WatchPosition.watching("6")));
            run.emitFor(Duration.ofMillis(300));

            assertThat(versionsOf(run, PODS)).containsExactly("MODIFIED web-1 3", "ADDED web-3 4");
        }
        assertThat(api.requestedPaths())
                .filteredOn(path -> path.startsWith(PODS_PATH))
                .containsExactly(watchPath(PODS_PATH, "2"));
    }

    @Test
    void listsAgainWhenItsResourceVersionIsGone() throws Exception {
        createPod("web-1");
        createPod("web-2");
        api.expect()
                .get()
                .withPath(watchPath(PODS_PATH, "1"))
                .andUpgradeToWebSocket()
                .open(
                        new WatchEvent(
                                new StatusBuilder()
                                        .withStatus("Failure")
                                        .withCode(410)
                                        .withReason("Expired")
                                        .withMessage("too old resource version: 1 (2)")
                                        .build(),
                                "ERROR"))
                .done()
                .once();
        api.expect()
                .get()
                .withPath(watchPath(PODS_PATH, "2"))
                .andUpgradeToWebSocket()
                .open(new WatchEvent(pod("", "7"), "BOOKMARK"))
                .expect("nothing")
                .andEmit("so the watch stays open")
                .once()
                .done()
                .once();
        KubeWatchSplit checkpointed =
                KubeWatchSplit.fresh(cluster, PODS).at(WatchPosition.watching("1"));

        try (ReaderRun run = new ReaderRun(WatchSettings.defaults(), List.of(checkpointed))) {
            run.awaitUntil(
                    () ->
                            run.checkpoint(checkpointed.splitId())
                                    .position()
                                    .equals(WatchPosition.watching("7")));

            assertThat(versionsOf(run, PODS)).containsExactly("LISTED web-1 1", "LISTED web-2 2");
            assertThat(run.context.counter("kubeWatchRelists")).isEqualTo(1);
            assertThat(run.context.counter("kubeWatchReconnects")).isZero();
        }
    }

    @Test
    void listsPageByPageAndResumesInsideAList() throws Exception {
        String widgets = "/apis/example.com/v1/widgets";
        api.expect()
                .get()
                .withPath(widgets + "?limit=2&resourceVersion=5&resourceVersionMatch=Exact")
                .andReturn(200, widgetList("5", "page-2", widget("w1", "3"), widget("w2", "4")))
                .once();
        api.expect()
                .get()
                .withPath(widgets + "?continue=page-2&limit=2")
                .andReturn(200, widgetList("5", "", widget("w3", "5")))
                .once();
        api.expect()
                .get()
                .withPath(watchPath(widgets, "5"))
                .andUpgradeToWebSocket()
                .open()
                .expect("nothing")
                .andEmit("so the watch stays open")
                .once()
                .done()
                .once();
        // A checkpoint taken after the first widget of the list at resourceVersion 5.
        KubeWatchSplit checkpointed =
                KubeWatchSplit.fresh(cluster, WIDGETS).at(WatchPosition.listing("5", 1));
        WatchSettings twoPerPage =
                new WatchSettings(2, Duration.ofMillis(100), Duration.ofSeconds(1));

        try (ReaderRun run = new ReaderRun(twoPerPage, List.of(checkpointed))) {
            run.awaitRecords(1);
            assertThat(run.checkpoint(checkpointed.splitId()).position())
                    .isEqualTo(WatchPosition.listing("5", 2));
            run.awaitUntil(
                    () ->
                            run.checkpoint(checkpointed.splitId())
                                    .position()
                                    .equals(WatchPosition.watching("5")));

            assertThat(versionsOf(run, WIDGETS)).containsExactly("LISTED w2 4", "LISTED w3 5");
            ObjectVersion w2 = run.records().get(0).version();
            assertThat(w2.object().kind()).isEqualTo("Widget");
            assertThat(w2.object().group()).isEqualTo("example.com");
            assertThat(w2.object().resource()).isEqualTo("widgets");
        }
    }

    @Test
    void reconnectsFromTheLastResourceVersionWhenAWatchCloses() throws Exception {
        // This watch closes after its one event.
        api.expect()
                .get()
                .withPath(watchPath(PODS_PATH, "3"))
                .andUpgradeToWebSocket()
                .open(new WatchEvent(pod("web-1", "4"), "MODIFIED"))
                .done()
                .once();
        api.expect()
                .get()
                .withPath(watchPath(PODS_PATH, "4"))
                .andUpgradeToWebSocket()
                .open(new WatchEvent(pod("web-3", "5"), "ADDED"))
                .expect("nothing")
                .andEmit("so the watch stays open")
                .once()
                .done()
                .once();
        KubeWatchSplit checkpointed =
                KubeWatchSplit.fresh(cluster, PODS).at(WatchPosition.watching("3"));

        try (ReaderRun run = new ReaderRun(WatchSettings.defaults(), List.of(checkpointed))) {
            run.awaitRecords(2);
            run.emitFor(Duration.ofMillis(300));

            assertThat(versionsOf(run, PODS)).containsExactly("MODIFIED web-1 4", "ADDED web-3 5");
            assertThat(run.checkpoint(checkpointed.splitId()).position())
                    .isEqualTo(WatchPosition.watching("5"));
            assertThat(run.context.counter("kubeWatchReconnects")).isEqualTo(1);
            assertThat(run.context.counter("kubeWatchRelists")).isZero();
        }
    }

    @Test
    void watchesAResourceOnceTheClusterServesIt() throws Exception {
        String widgets = "/apis/example.com/v1/widgets";
        // Until its CustomResourceDefinition is installed, the resource is not there.
        api.expect()
                .get()
                .withPath(widgets + "?limit=500")
                .andReturn(
                        404,
                        new StatusBuilder()
                                .withStatus("Failure")
                                .withCode(404)
                                .withReason("NotFound")
                                .withMessage("the server could not find the requested resource")
                                .build())
                .times(3);
        api.expect()
                .get()
                .withPath(widgets + "?limit=500")
                .andReturn(200, widgetList("5", "", widget("w1", "5")))
                .once();
        api.expect()
                .get()
                .withPath(watchPath(widgets, "5"))
                .andUpgradeToWebSocket()
                .open()
                .expect("nothing")
                .andEmit("so the watch stays open")
                .once()
                .done()
                .once();
        KubeWatchSplit split = KubeWatchSplit.fresh(cluster, WIDGETS);
        WatchSettings quickRetries =
                new WatchSettings(500, Duration.ofMillis(20), Duration.ofMillis(50));

        try (ReaderRun run = new ReaderRun(quickRetries, List.of(split))) {
            run.awaitUntil(
                    () ->
                            run.checkpoint(split.splitId())
                                    .position()
                                    .equals(WatchPosition.watching("5")));

            assertThat(versionsOf(run, WIDGETS)).containsExactly("LISTED w1 5");
            assertThat(run.context.counter("kubeWatchReconnects")).isEqualTo(3);
        }
    }

    /** The path of a watch from a resourceVersion, its query as the client orders it. */
    private static String watchPath(String resourcePath, String resourceVersion) {
        return resourcePath
                + "?allowWatchBookmarks=true&resourceVersion="
                + resourceVersion
                + "&watch=true";
    }

    /** Each object version of a split, as {@code CHANGE name resourceVersion}. */
    private List<String> versionsOf(ReaderRun run, WatchedResource resource) {
        String source = KubeWatchSplit.fresh(cluster, resource).splitId();
        return run.records().stream()
                .map(ParsedObject::version)
                .filter(version -> version != null && version.source().equals(source))
                .map(
                        version ->
                                version.change()
                                        + " "
                                        + version.object().name()
                                        + " "
                                        + version.resourceVersion())
                .toList();
    }

    private void createPod(String name) {
        api.client().pods().inNamespace("default").resource(pod(name, null)).create();
    }

    private void createEvent(String name, String podName) {
        api.client()
                .v1()
                .events()
                .inNamespace("default")
                .resource(
                        new EventBuilder()
                                .withNewMetadata()
                                .withName(name)
                                .withNamespace("default")
                                .endMetadata()
                                .withNewInvolvedObject()
                                .withApiVersion("v1")
                                .withKind("Pod")
                                .withNamespace("default")
                                .withName(podName)
                                .endInvolvedObject()
                                .withReason("Scheduled")
                                .withType("Normal")
                                .withMessage("Successfully assigned default/web-1 to node-1")
                                .withLastTimestamp("2026-01-02T03:04:05Z")
                                .build())
                .create();
    }

    private static Pod pod(String name, String resourceVersion) {
        return new PodBuilder()
                .withApiVersion("v1")
                .withKind("Pod")
                .withNewMetadata()
                .withName(name)
                .withNamespace("default")
                .withUid(name.isEmpty() ? null : "uid-" + name)
                .withResourceVersion(resourceVersion)
                .withCreationTimestamp("2026-01-02T03:04:05Z")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("web")
                .withImage("nginx:1.27")
                .endContainer()
                .endSpec()
                .build();
    }

    /** A page of a custom resource's list as an API server writes it: items without a kind. */
    private static String widgetList(
            String resourceVersion, String continueToken, String... items) {
        return "{\"apiVersion\":\"example.com/v1\",\"kind\":\"WidgetList\",\"metadata\":"
                + "{\"resourceVersion\":\""
                + resourceVersion
                + "\",\"continue\":\""
                + continueToken
                + "\"},\"items\":["
                + String.join(",", items)
                + "]}";
    }

    private static String widget(String name, String resourceVersion) {
        return "{\"metadata\":{\"name\":\""
                + name
                + "\",\"namespace\":\"default\",\"uid\":\"uid-"
                + name
                + "\",\"resourceVersion\":\""
                + resourceVersion
                + "\",\"creationTimestamp\":\"2026-01-02T03:04:05Z\"},\"spec\":{\"size\":1}}";
    }
}
