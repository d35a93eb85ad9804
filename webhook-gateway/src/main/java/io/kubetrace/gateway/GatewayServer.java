package io.kubetrace.gateway;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's HTTP(S) listener on Vert.x: it reads bodies up to the limit and routes {@code POST
 * /audit[/{cluster}]} to {@link AuditWebhook}, and {@code /healthz}, {@code /readyz} and {@code
 * /metrics} to what answers them. It decides nothing itself.
 */
final class GatewayServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);

    private static final String AUDIT = "/audit";
    private static final String TEXT = "text/plain; charset=utf-8";

    // kube-apiserver's webhook client retries 500, 504 and 429, but a 503 only when it names a
    // delay (DefaultShouldRetry in k8s.io/apiserver/pkg/util/webhook).
    private static final String RETRY_AFTER_SECONDS = "1";

    // Past this much of an oversized body the client is not a kube-apiserver: drop the connection
    // rather than read on to answer 413 at the end.
    private static final int DISCARD_FACTOR = 4;

    private final GatewaySettings settings;
    private final AuditWebhook webhook;
    private final Supplier<String> notReady;
    private final GatewayMetrics metrics;
    private final HttpServer server;

    // Audit requests between their first byte and their answer on the wire; draining waits for 0.
    private final AtomicInteger exchanges = new AtomicInteger();
    private final CompletableFuture<Void> idle = new CompletableFuture<>();
    private volatile boolean draining;

    /**
     * @param notReady why the gateway should get no traffic now, or null when it should
     */
    GatewayServer(
            Vertx vertx,
            GatewaySettings settings,
            AuditWebhook webhook,
            Supplier<String> notReady,
            GatewayMetrics metrics) {
        this.settings = settings;
        this.webhook = webhook;
        this.notReady = notReady;
        this.metrics = metrics;
        this.server = vertx.createHttpServer(options(settings)).requestHandler(this::route);
    }

    /** Binds the port, and returns the one bound (the setting may be 0). */
    int listen() throws InterruptedException {
        try {
            return server.listen()
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS)
                    .actualPort();
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException(
                    "cannot listen on "
                            + settings.host()
                            + ":"
                            + settings.port()
                            + ": "
                            + cause.getMessage(),
                    cause);
        }
    }

    /**
     * Waits, up to {@code timeout}, until every audit request under way has its answer written.
     * From now on answers close their connection, so kube-apiserver reconnects to another replica.
     */
    void drain(Duration timeout) throws InterruptedException {
        draining = true;
        if (exchanges.get() == 0) {
            idle.complete(null);
        }
        try {
            idle.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            LOG.warn("drain-timeout passed with {} audit requests unanswered", exchanges.get());
        } catch (ExecutionException e) {
            throw new IllegalStateException("draining cannot fail", e);
        }
    }

    @Override
    public void close() throws InterruptedException, ExecutionException, TimeoutException {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static HttpServerOptions options(GatewaySettings settings) {
        HttpServerOptions options =
                new HttpServerOptions().setHost(settings.host()).setPort(settings.port());
        if (settings.tlsCertFile().isPresent() && settings.tlsKeyFile().isPresent()) {
            options.setSsl(true)
                    .setKeyCertOptions(
                            new PemKeyCertOptions()
                                    .setCertPath(settings.tlsCertFile().get().toString())
                                    .setKeyPath(settings.tlsKeyFile().get().toString()));
        }
        settings.clientCaFile()
                .ifPresent(
                        ca ->
                                options.setTrustOptions(
                                                new PemTrustOptions().addCertPath(ca.toString()))
                                        // With tokens too, a client may come with either.
                                        .setClientAuth(
                                                settings.tokenFile().isPresent()
                                                        ? ClientAuth.REQUEST
                                                        : ClientAuth.REQUIRED));
        return options;
    }

    private void route(HttpServerRequest request) {
        String path = request.path();
        if (path.equals(AUDIT) || path.startsWith(AUDIT + "/")) {
            String cluster =
                    path.length() > AUDIT.length() + 1 ? path.substring(AUDIT.length() + 1) : "";
            if (cluster.contains("/")) {
                respond(request, 404, "no such path: POST /audit or /audit/{cluster}", false);
            } else if (request.method() != HttpMethod.POST) {
                request.response().putHeader(HttpHeaders.ALLOW, "POST");
                respond(request, 405, "audit events are POSTed", false);
            } else {
                readBody(
                        request,
                        cluster.isEmpty() ? Optional.empty() : Optional.of(decode(cluster)));
            }
            return;
        }
        switch (path) {
            case "/healthz" -> respond(request, 200, "ok", false);
            case "/readyz" -> {
                String problem = notReady.get();
                respond(
                        request,
                        problem == null ? 200 : 503,
                        problem == null ? "ok" : problem,
                        false);
            }
            case "/metrics" ->
                    request.response()
                            .putHeader(HttpHeaders.CONTENT_TYPE, GatewayMetrics.CONTENT_TYPE)
                            .end(metrics.scrape());
            default -> respond(request, 404, "no such path: " + path, false);
        }
    }

    /**
     * Keeps the body up to the limit, and past it only counts the bytes, to answer 413 at the end;
     * past {@link #DISCARD_FACTOR} times the limit it answers at once and closes the connection.
     */
    private void readBody(HttpServerRequest request, Optional<String> cluster) {
        track(request.response());
        long limit = settings.maxBodyBytes();
        Buffer body = Buffer.buffer();
        long[] received = {0};
        boolean[] answered = {false};
        request.handler(
                chunk -> {
                    received[0] += chunk.length();
                    if (answered[0]) {
                        return;
                    }
                    if (received[0] <= limit) {
                        body.appendBuffer(chunk);
                    } else if (received[0] > DISCARD_FACTOR * limit) {
                        answered[0] = true;
                        dispatch(request, cluster, null, true);
                    }
                });
        request.endHandler(
                end -> {
                    if (!answered[0]) {
                        answered[0] = true;
                        dispatch(request, cluster, received[0] > limit ? null : body, false);
                    }
                });
    }

    /** Hands the request to the webhook, and its answer back to the event loop. */
    private void dispatch(
            HttpServerRequest request, Optional<String> cluster, Buffer body, boolean close) {
        AuditRequest audit =
                new AuditRequest(
                        cluster,
                        request.remoteAddress().hostAddress(),
                        Optional.ofNullable(request.getHeader(HttpHeaders.AUTHORIZATION)),
                        clientCommonName(request),
                        body == null ? new byte[0] : body.getBytes(),
                        body == null);
        Context context = Vertx.currentContext();
        webhook.handle(audit)
                .whenComplete(
                        (answer, failure) ->
                                context.runOnContext(v -> answer(request, answer, failure, close)));
    }

    private void track(HttpServerResponse response) {
        exchanges.incrementAndGet();
        AtomicBoolean finished = new AtomicBoolean();
        Handler<Void> finish =
                v -> {
                    if (finished.compareAndSet(false, true)
                            && exchanges.decrementAndGet() == 0
                            && draining) {
                        idle.complete(null);
                    }
                };
        // Written, or the client went away first.
        response.endHandler(finish);
        response.closeHandler(finish);
    }

    private void answer(
            HttpServerRequest request, AuditResponse answer, Throwable failure, boolean close) {
        if (failure != null) {
            // handle() turns every failure into an answer; this is for a bug there.
            respond(request, 500, "the gateway failed: " + failure, close);
            return;
        }
        if (answer.status() == 401) {
            request.response().putHeader("WWW-Authenticate", "Bearer");
        } else if (answer.status() == 503) {
            request.response().putHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        respond(request, answer.status(), answer.message(), close);
    }

    /** A one-line text answer; the connection closes after it when asked or while draining. */
    private void respond(HttpServerRequest request, int status, String message, boolean close) {
        boolean closing = close || draining;
        HttpServerResponse response = request.response();
        if (closing) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, TEXT)
                .end(message + "\n")
                .onComplete(
                        written -> {
                            if (closing) {
                                request.connection().close();
                            }
                        });
    }

    /**
     * A path segment percent-decoded ('+' stays a '+' in a path); as written when it cannot be, so
     * the webhook refuses the name, and counts it.
     */
    private static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return segment;
        }
    }

    /**
     * The CN of the client's certificate, which the TLS handshake verified against the client CA.
     */
    private static Optional<String> clientCommonName(HttpServerRequest request) {
        if (!request.isSSL()) {
            return Optional.empty();
        }
        try {
            Certificate[] chain = request.sslSession().getPeerCertificates();
            if (chain.length == 0 || !(chain[0] instanceof X509Certificate certificate)) {
                return Optional.empty();
            }
            String commonName = null;
            // Rdns run from the most general (C=...) to the most specific; the last CN wins.
            for (Rdn rdn :
                    new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    commonName = rdn.getValue().toString();
                }
            }
            return Optional.ofNullable(commonName);
        } catch (SSLPeerUnverifiedException | InvalidNameException e) {
            return Optional.empty();
        }
    }
}
