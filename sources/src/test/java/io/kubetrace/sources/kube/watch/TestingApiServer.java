package io.kubetrace.sources.kube.watch;

import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.MockServerExpectation;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * fabric8's mock API server over plain HTTP, in CRUD mode (objects written through {@link
 * #client()} are listed and watched), where an expectation set through {@link #expect()} answers
 * its exact path instead.
 *
 * <p>Unlike a real API server, its CRUD mode ignores {@code limit}, {@code continue} and {@code
 * resourceVersion}: a watch starts by sending every stored object as {@code ADDED}. Tests that
 * depend on resourceVersions answer those requests with expectations.
 */
final class TestingApiServer implements AutoCloseable {

    /** Held, since java.util.logging keeps loggers only weakly and would forget the level. */
    private static final Logger MOCK_SERVER_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    static {
        // It logs every request; test output shows warnings and errors only.
        MOCK_SERVER_LOG.setLevel(Level.WARNING);
    }

    private final KubernetesMockServer server;
    private final NamespacedKubernetesClient client;

    TestingApiServer() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server =
                new KubernetesMockServer(
                        new Context(),
                        new MockWebServer(),
                        responses,
                        new KubernetesMixedDispatcher(responses),
                        false);
        server.init();
        client = server.createClient();
    }

    /** Writes objects, as controllers would. */
    NamespacedKubernetesClient client() {
        return client;
    }

    ClusterConnection cluster(String name) {
        return ClusterConnection.ofUrl(name, server.url("/"));
    }

    MockServerExpectation expect() {
        return server.expect();
    }

    /** The paths requested so far, in order. */
    List<String> requestedPaths() throws InterruptedException {
        List<String> paths = new ArrayList<>();
        RecordedRequest request;
        while ((request = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
            paths.add(request.getPath());
        }
        return paths;
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
