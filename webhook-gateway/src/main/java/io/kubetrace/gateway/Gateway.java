package io.kubetrace.gateway;

import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway, wired from one {@link GatewaySettings}: the Kafka producer, the webhook, the
 * HTTP server, readiness, and the optional dump file and forwarder. Closing it drains: new batches
 * are answered 503, those under way are stored and answered, then the producer is flushed.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final GatewaySettings settings;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private AuditWebhook webhook;
    private KafkaProducer<byte[], byte[]> producer;
    private GatewayServer server;
    private int port;
    private volatile boolean closing;

    private Gateway(GatewaySettings settings) {
        this.settings = settings;
    }

    /** Starts the gateway; it listens when this returns. */
    public static Gateway start(GatewaySettings settings) throws InterruptedException {
        Gateway gateway = new Gateway(settings);
        try {
            gateway.wire();
        } catch (RuntimeException | InterruptedException e) {
            gateway.close();
            throw e;
        }
        return gateway;
    }

    /** The port it listens on. */
    public int port() {
        return port;
    }

    /** One line saying where it listens and where the events go. */
    public String describe() {
        return "kubetrace gateway: listening on "
                + (settings.tlsCertFile().isPresent() ? "https://" : "http://")
                + settings.host()
                + ":"
                + port
                + " (POST /audit, /audit/{cluster}), storing audit events in Kafka topic "
                + settings.topic()
                + " at "
                + settings.kafkaBootstrap();
    }

    /** Waits until {@link #close()} has finished, as the command does until it is stopped. */
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    private void wire() throws InterruptedException {
        GatewayMetrics metrics = new GatewayMetrics();
        producer = new KafkaProducer<>(producerConfig(settings));
        KafkaClientMetrics producerMetrics = new KafkaClientMetrics(producer);
        producerMetrics.bindTo(metrics.registry());
        resources.add(producerMetrics);
        Admin admin = Admin.create(adminConfig(settings));
        // A readiness check under way is of no use to a gateway that stops.
        resources.add(() -> admin.close(Duration.ZERO));
        KafkaReadiness readiness =
                new KafkaReadiness(admin, settings.topic(), settings.kafkaReadyInterval()).start();
        resources.add(readiness);

        List<Consumer<AcceptedBatch>> onAccepted = new ArrayList<>();
        if (settings.dumpFile().isPresent()) {
            EventDump dump = new EventDump(settings.dumpFile().get(), metrics);
            resources.add(dump);
            onAccepted.add(dump);
        }
        if (!settings.forwardUrls().isEmpty()) {
            WebhookForwarder forwarder =
                    new WebhookForwarder(
                            settings.forwardUrls(),
                            settings.forwardTimeout(),
                            settings.forwardMaxInFlight(),
                            metrics);
            resources.add(forwarder);
            onAccepted.add(forwarder);
        }
        ExecutorService worker = workerThreads();
        resources.add(worker::shutdown);
        webhook =
                new AuditWebhook(
                        settings, producer, readiness::problem, worker, metrics, onAccepted);
        if (!settings.authenticates()) {
            LOG.warn(
                    "no auth.token-file and no tls.client-ca-file: anyone who reaches the port can"
                            + " write audit events");
        }

        // No .vertx cache directory in the working directory: the gateway serves no files. Two
        // event loops are plenty: they only route and copy bytes, the workers parse and send.
        Vertx vertx =
                Vertx.vertx(
                        new VertxOptions()
                                .setEventLoopPoolSize(2)
                                .setFileSystemOptions(
                                        new FileSystemOptions()
                                                .setFileCachingEnabled(false)
                                                .setClassPathResolvingEnabled(false)));
        resources.add(
                () ->
                        vertx.close()
                                .toCompletionStage()
                                .toCompletableFuture()
                                .get(10, TimeUnit.SECONDS));
        server =
                new GatewayServer(
                        vertx,
                        settings,
                        webhook,
                        () -> closing ? "shutting down" : readiness.problem(),
                        metrics);
        port = server.listen();
    }

    /**
     * Drains and stops: new batches are answered 503 (kube-apiserver sends them again, to another
     * replica), batches under way are stored and answered for up to {@code drain-timeout}, then the
     * server closes and the producer sends what it holds. Safe to call twice.
     */
    @Override
    public synchronized void close() {
        if (closing) {
            return;
        }
        closing = true;
        LOG.info(
                "stopping: answering the batches under way first (drain-timeout {})",
                settings.drainTimeout());
        long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
        if (webhook != null) {
            webhook.stopAccepting();
        }
        if (server != null) {
            try {
                server.drain(settings.drainTimeout());
                server.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.warn("closing the HTTP server: {}", e.toString());
            }
        }
        if (producer != null) {
            // What the drain left of drain-timeout, but a second at least, to send what it holds.
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            producer.close(
                    left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left);
        }
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                LOG.warn("closing the gateway: {}", e.toString());
            }
        }
        LOG.info("stopped");
        closed.countDown();
    }

    /** The producer's settings: what the 200 promises cannot be configured away. */
    static Map<String, Object> producerConfig(GatewaySettings settings) {
        Map<String, Object> config = new HashMap<>(settings.kafkaProperties());
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "kubetrace-gateway");
        config.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // What the 200 promises: every replica in sync has the event, written once per send.
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrap());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        // A down broker must turn into a 503 within seconds, not a request that hangs. Half of it
        // per request leaves room for linger.ms and a retry within the delivery timeout.
        long deliveryMs = settings.kafkaDeliveryTimeout().toMillis();
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryMs);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1, deliveryMs / 2));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, settings.kafkaMaxBlock().toMillis());
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, settings.kafkaBufferMemory());
        // Large enough for one event of kafka.max-record-size, which the webhook never exceeds.
        // GatewaySettings keeps it within an int, as Kafka's setting is.
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, (int) settings.kafkaMaxRequestSize());
        return config;
    }

    private static Map<String, Object> adminConfig(GatewaySettings settings) {
        Map<String, Object> config = new HashMap<>();
        // The connection settings (security, SASL, TLS) apply to the admin client too.
        settings.kafkaProperties()
                .forEach(
                        (key, value) -> {
                            if (AdminClientConfig.configNames().contains(key)) {
                                config.put(key, value);
                            }
                        });
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrap());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "kubetrace-gateway-readiness");
        return config;
    }

    private static ExecutorService workerThreads() {
        return Executors.newFixedThreadPool(
                Math.max(2, Runtime.getRuntime().availableProcessors()),
                DaemonThreads.named("kubetrace-gateway-worker"));
    }
}
