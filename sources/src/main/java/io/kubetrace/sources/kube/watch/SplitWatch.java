package io.kubetrace.sources.kube.watch;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.AnyNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.kubetrace.model.ParsedObject;
import io.kubetrace.model.VersionChange;
import io.kubetrace.sources.kube.KubeObjectParser;
import java.net.HttpURLConnection;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists, then watches, the resource of one split, and hands each object to the {@link WatchQueue}
 * with the split's position after it. It keeps no objects, only the position after the last one it
 * handed on, which is where it resumes: a closed watch or a failed list is retried from there after
 * a {@link Backoff}; a {@code 410 Gone} (the position is older than the API server keeps) lists
 * again from scratch; a {@code 404} (the cluster does not serve the resource) is asked again the
 * same way, with one warning rather than one per retry.
 */
final class SplitWatch {

    private static final Logger LOG = LoggerFactory.getLogger(SplitWatch.class);

    private final String splitId;
    private final String cluster;
    private final AnyNamespaceOperation<
                    GenericKubernetesResource,
                    GenericKubernetesResourceList,
                    Resource<GenericKubernetesResource>>
            resources;
    private final KubernetesSerialization serialization;
    private final KubeObjectParser parser;
    private final WatchQueue queue;
    private final ScheduledExecutorService scheduler;
    private final long pageSize;
    private final Backoff backoff;
    private final WatchMetrics metrics;

    /** Failures since something was last handed on. */
    private final AtomicInteger failures = new AtomicInteger();

    /** Whether the warning that the cluster does not serve the resource was logged. */
    private volatile boolean notServedReported;

    private volatile WatchPosition position;
    private volatile WatchConnection connection;
    private volatile boolean closed;

    SplitWatch(
            KubeWatchSplit split,
            KubernetesClient client,
            WatchQueue queue,
            ScheduledExecutorService scheduler,
            WatchSettings settings,
            WatchMetrics metrics) {
        this.splitId = split.splitId();
        this.cluster = split.cluster().name();
        WatchedResource resource = split.resource();
        this.resources =
                client.genericKubernetesResources(
                                new ResourceDefinitionContext.Builder()
                                        .withGroup(resource.group())
                                        .withVersion(resource.version())
                                        .withPlural(resource.resource())
                                        .withKind(resource.knownKind())
                                        .build())
                        .inAnyNamespace();
        this.serialization = client.getKubernetesSerialization();
        this.parser = new KubeObjectParser(cluster);
        this.queue = queue;
        this.scheduler = scheduler;
        this.pageSize = settings.pageSize();
        this.backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff());
        this.metrics = metrics;
        this.position = split.position();
    }

    void start() {
        schedule(0);
    }

    void close() {
        closed = true;
        WatchConnection current = connection;
        if (current != null) {
            current.stop();
        }
    }

    private void resume() {
        if (closed) {
            return;
        }
        WatchConnection next = null;
        try {
            if (!position.watching() && !list()) {
                return;
            }
            next = new WatchConnection(this);
            connection = next;
            next.started(
                    resources.watch(
                            new ListOptionsBuilder()
                                    .withResourceVersion(position.resourceVersion())
                                    .withAllowWatchBookmarks(true)
                                    .build(),
                            next));
            if (closed) {
                next.stop();
            }
        } catch (RuntimeException e) {
            if (next == null || next.stop()) {
                failed(e);
            }
        }
    }

    /**
     * Lists a page at a time, from the position's snapshot when it is inside one, skipping what it
     * emitted of it.
     *
     * @return false when the reader closed meanwhile
     */
    private boolean list() {
        String snapshot = position.resourceVersion();
        long emitted = position.listedItems();
        long index = 0;
        String resourceVersion;
        String continueToken = null;
        do {
            ListOptionsBuilder options = new ListOptionsBuilder().withLimit(pageSize);
            if (continueToken != null) {
                options.withContinue(continueToken);
            } else if (!snapshot.isEmpty()) {
                options.withResourceVersion(snapshot).withResourceVersionMatch("Exact");
            }
            GenericKubernetesResourceList page = resources.list(options.build());
            long receivedAt = nowNanos();
            resourceVersion = page.getMetadata().getResourceVersion();
            String itemKind = itemKind(page);
            for (GenericKubernetesResource item : page.getItems()) {
                index++;
                if (index <= emitted) {
                    continue;
                }
                if (item.getKind() == null) {
                    item.setKind(itemKind);
                }
                WatchPosition next = WatchPosition.listing(resourceVersion, index);
                if (!handOn(item, VersionChange.LISTED, receivedAt, next)) {
                    return false;
                }
            }
            continueToken = page.getMetadata().getContinue();
        } while (continueToken != null && !continueToken.isEmpty());
        return handOn(null, null, 0, WatchPosition.watching(resourceVersion));
    }

    /**
     * The kind of a list's items, which the API server leaves out of them: the client fills in a
     * kind it knows; for others (custom resources) it is the list's kind without {@code List}.
     */
    private static String itemKind(GenericKubernetesResourceList page) {
        String listKind = page.getKind();
        return listKind != null && listKind.length() > 4 && listKind.endsWith("List")
                ? listKind.substring(0, listKind.length() - 4)
                : null;
    }

    /**
     * Queues an object (parsed) or, when {@code object} is null, only a new position, and moves the
     * position on.
     *
     * @return false when the reader closed before there was room
     */
    boolean handOn(
            GenericKubernetesResource object,
            VersionChange change,
            long receivedAtNanos,
            WatchPosition next) {
        ParsedObject record =
                object == null
                        ? null
                        : parser.parse(
                                serialization.convertValue(object, JsonNode.class),
                                change,
                                receivedAtNanos,
                                cluster,
                                splitId,
                                0);
        if (!queue.put(new WatchRecord(splitId, record, next))) {
            return false;
        }
        position = next;
        failures.set(0);
        notServedReported = false;
        return true;
    }

    /** Lists again after a {@code 410 Gone}, else retries from the position, after a backoff. */
    void failed(Exception cause) {
        if (closed) {
            return;
        }
        int failuresInARow = failures.getAndIncrement();
        long delay = backoff.delayMillis(failuresInARow);
        int code = statusCode(cause);
        if (code == HttpURLConnection.HTTP_GONE) {
            metrics.relists.inc();
            LOG.info(
                    "{}: resourceVersion {} is gone, listing again in {} ms: {}",
                    splitId,
                    position.resourceVersion(),
                    delay,
                    cause.getMessage());
            position = WatchPosition.FRESH;
        } else if (code == HttpURLConnection.HTTP_NOT_FOUND) {
            metrics.reconnects.inc();
            notServed(delay);
        } else {
            metrics.reconnects.inc();
            // API servers end every watch after a while; only failing again is worth a warning.
            String message = "{}: the {} ended, retrying from resourceVersion {} in {} ms: {}";
            Object[] arguments = {
                splitId,
                position.watching() ? "watch" : "list",
                position.resourceVersion(),
                delay,
                cause.toString()
            };
            if (failuresInARow == 0) {
                LOG.info(message, arguments);
            } else {
                LOG.warn(message, arguments);
            }
        }
        schedule(delay);
    }

    /**
     * A resource that some cluster serves and this one does not (with {@code watch.resources: all}
     * every cluster watches the resources any of them serves), or whose CustomResourceDefinition
     * was deleted: it is asked for again with the backoff, quietly, and watched once it is served.
     */
    private void notServed(long delay) {
        if (notServedReported) {
            LOG.debug("{}: still not served, asking again in {} ms", splitId, delay);
            return;
        }
        notServedReported = true;
        LOG.warn(
                "{}: the API server does not serve this resource (404); asking again with"
                        + " backoff, and watching it once it is served",
                splitId);
    }

    /** The HTTP status of a failure from the API server, 0 for any other failure. */
    private static int statusCode(Exception cause) {
        KubernetesClientException error =
                cause instanceof WatcherException watcherError
                        ? watcherError.asClientException()
                        : cause instanceof KubernetesClientException clientError
                                ? clientError
                                : null;
        if (error == null) {
            return 0;
        }
        if (error.getCode() > 0) {
            return error.getCode();
        }
        Integer statusCode = error.getStatus() == null ? null : error.getStatus().getCode();
        return statusCode == null ? 0 : statusCode;
    }

    private void schedule(long delayMillis) {
        try {
            scheduler.schedule(this::resume, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            if (!closed) {
                throw e;
            }
        }
    }

    /** The wall-clock time, which is the event time of a version a watch or list delivers. */
    static long nowNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
