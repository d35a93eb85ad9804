package io.kubetrace.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookForwarderTest {

    private final Vertx vertx = Vertx.vertx();
    private final GatewayMetrics metrics = new GatewayMetrics();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private record Received(String path, String contentType, String body) {}

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void postsTheBodyAsReceivedToEachUrlWithTheClusterInThePath() throws Exception {
        int port = target(200);
        byte[] body = AuditCaptures.eventList(AuditCaptures.falcoEvents().subList(0, 2));
        String url = "http://127.0.0.1:" + port + "/audit/{cluster}";

        try (WebhookForwarder forwarder =
                new WebhookForwarder(List.of(url), Duration.ofSeconds(5), 4, metrics)) {
            forwarder.accept(new AcceptedBatch("prod-eu", body, List.of()));
            await(() -> metrics.scrape().contains("result=\"success\""));
        }

        assertThat(received)
                .containsExactly(
                        new Received("/audit/prod-eu", "application/json", new String(body)));
        assertThat(metrics.scrape())
                .contains(
                        "kubetrace_gateway_forward_requests_total{result=\"success\",url=\""
                                + url
                                + "\"} 1.0");
    }

    @Test
    void countsRefusalsAndDropsBatchesPastItsLimitInsteadOfQueueingThem() throws Exception {
        int refusing = target(500);
        int silent = target(0);
        String refused = "http://127.0.0.1:" + refusing + "/audit";
        String slow = "http://127.0.0.1:" + silent + "/audit";

        try (WebhookForwarder forwarder =
                new WebhookForwarder(List.of(refused, slow), Duration.ofMillis(500), 1, metrics)) {
            AcceptedBatch batch = new AcceptedBatch("prod-eu", "{}".getBytes(), List.of());
            forwarder.accept(batch);
            forwarder.accept(batch);
            await(() -> metrics.scrape().contains("result=\"failure\",url=\"" + slow));
        }

        assertThat(metrics.scrape())
                .contains("{result=\"failure\",url=\"" + refused + "\"} 1.0")
                .contains("{result=\"dropped\",url=\"" + slow + "\"} 1.0")
                // The one under way to the silent URL timed out.
                .contains("{result=\"failure\",url=\"" + slow + "\"} 1.0");
    }

    /** A webhook answering {@code status}, or never when it is 0. */
    private int target(int status) throws Exception {
        HttpServer server =
                vertx.createHttpServer()
                        .requestHandler(
                                request ->
                                        request.body()
                                                .onSuccess(
                                                        body -> {
                                                            received.add(
                                                                    new Received(
                                                                            request.path(),
                                                                            request.getHeader(
                                                                                    "Content-Type"),
                                                                            body.toString()));
                                                            if (status > 0) {
                                                                request.response()
                                                                        .setStatusCode(status)
                                                                        .end();
                                                            }
                                                        }));
        return server.listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS)
                .actualPort();
    }

    private static void await(java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 10 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
