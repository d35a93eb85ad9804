package io.kubetrace.sources.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubetrace.model.KubeEvent;
import io.kubetrace.model.KubeResources;
import io.kubetrace.model.KubeTime;
import io.kubetrace.model.ObjectBodies;
import io.kubetrace.model.ObjectRef;
import io.kubetrace.model.ObjectVersion;
import io.kubetrace.model.ParsedObject;
import io.kubetrace.model.Rejection;
import io.kubetrace.model.VersionChange;
import java.io.Serializable;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * Turns one Kubernetes object, as a watch or a capture gives it, into an {@link ObjectVersion}, or
 * into a {@link KubeEvent} when it is an Event (core/v1 {@code involvedObject} or events.k8s.io/v1
 * {@code regarding}), or into a {@link Rejection}. It never throws on bad input.
 */
public final class KubeObjectParser implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final Set<String> EVENT_API_VERSIONS =
            Set.of("v1", "events.k8s.io/v1", "events.k8s.io/v1beta1");

    private final String cluster;

    public KubeObjectParser(String cluster) {
        this.cluster = cluster;
    }

    /** The cluster of objects that do not name one. */
    public String cluster() {
        return cluster;
    }

    /**
     * @param object the object
     * @param change how it was seen
     * @param seenNanos when it was received or captured, or {@link Long#MIN_VALUE} when unknown
     * @param source where it was read
     * @param line the line it starts on
     */
    public ParsedObject parse(
            JsonNode object, VersionChange change, long seenNanos, String source, long line) {
        return parse(object, change, seenNanos, cluster, source, line);
    }

    /** As {@link #parse(JsonNode, VersionChange, long, String, long)}, in the cluster named. */
    public ParsedObject parse(
            JsonNode object,
            VersionChange change,
            long seenNanos,
            String cluster,
            String source,
            long line) {
        try {
            String kind = object.path("kind").asText("");
            String apiVersion = object.path("apiVersion").asText("");
            JsonNode metadata = object.path("metadata");
            if (kind.isEmpty() || apiVersion.isEmpty() || !metadata.isObject()) {
                return rejected(
                        source,
                        line,
                        "not a Kubernetes object: kind, apiVersion and metadata are needed",
                        object);
            }
            if (metadata.path("name").asText("").isEmpty()) {
                return rejected(source, line, "a " + kind + " without metadata.name", object);
            }
            if (kind.equals("Event") && EVENT_API_VERSIONS.contains(apiVersion)) {
                return ParsedObject.of(event(object, cluster, source, line));
            }
            return ParsedObject.of(
                    version(object, kind, apiVersion, change, seenNanos, cluster, source, line));
        } catch (DateTimeParseException e) {
            return rejected(source, line, "invalid timestamp: " + e.getMessage(), object);
        } catch (RuntimeException e) {
            return rejected(source, line, "unreadable object: " + e, object);
        }
    }

    private static ObjectVersion version(
            JsonNode object,
            String kind,
            String apiVersion,
            VersionChange change,
            long seenNanos,
            String cluster,
            String source,
            long line) {
        String[] groupVersion = KubeResources.splitApiVersion(apiVersion);
        String resource = KubeResources.resourceOf(groupVersion[0], kind);
        String group = KubeResources.currentGroup(groupVersion[0], resource);
        JsonNode metadata = object.path("metadata");
        String namespace = metadata.path("namespace").asText("");
        ObjectRef ref =
                new ObjectRef(
                        cluster,
                        group,
                        groupVersion[1],
                        resource,
                        namespace,
                        metadata.path("name").asText(),
                        metadata.path("uid").asText(""),
                        kind);
        long time = seenNanos != Long.MIN_VALUE ? seenNanos : writtenAt(metadata);
        ObjectNode body = object.deepCopy();
        ((ObjectNode) body.get("metadata")).remove("managedFields");
        return new ObjectVersion(
                ref,
                metadata.path("resourceVersion").asText(""),
                change,
                time,
                body.toString(),
                ObjectBodies.parentOf(object, cluster, namespace),
                source,
                line);
    }

    /** The latest managed-fields time, else the creation time, for versions read without one. */
    private static long writtenAt(JsonNode metadata) {
        long latest = Long.MIN_VALUE;
        for (JsonNode entry : metadata.path("managedFields")) {
            String time = entry.path("time").asText("");
            if (!time.isEmpty()) {
                latest = Math.max(latest, KubeTime.parseNanos(time));
            }
        }
        if (latest != Long.MIN_VALUE) {
            return latest;
        }
        String created = metadata.path("creationTimestamp").asText("");
        if (created.isEmpty()) {
            throw new DateTimeParseException(
                    "no managedFields time and no creationTimestamp", "", 0);
        }
        return KubeTime.parseNanos(created);
    }

    private static KubeEvent event(JsonNode event, String cluster, String source, long line) {
        boolean newStyle =
                event.has("regarding")
                        || event.path("apiVersion").asText().startsWith("events.k8s.io");
        JsonNode regarding = newStyle ? event.path("regarding") : event.path("involvedObject");
        JsonNode metadata = event.path("metadata");
        JsonNode series = event.path("series");
        String component =
                firstOf(
                        event.path("source").path("component"),
                        event.path("deprecatedSource").path("component"),
                        event.path("reportingController"),
                        event.path("reportingComponent"));
        String host =
                firstOf(
                        event.path("source").path("host"),
                        event.path("deprecatedSource").path("host"),
                        event.path("reportingInstance"));
        long count =
                Math.max(
                        1,
                        series.path("count")
                                .asLong(
                                        event.path("count")
                                                .asLong(event.path("deprecatedCount").asLong(1))));
        return new KubeEvent(
                cluster,
                metadata.path("uid").asText(""),
                metadata.path("resourceVersion").asText(""),
                metadata.path("namespace").asText(""),
                metadata.path("name").asText(""),
                regardingRef(regarding, cluster, metadata.path("namespace").asText("")),
                event.path("reason").asText(""),
                event.path("type").asText("Normal"),
                firstOf(event.path("note"), event.path("message")),
                event.path("action").asText(""),
                component,
                host,
                count,
                eventTime(event, metadata),
                source,
                line);
    }

    private static ObjectRef regardingRef(
            JsonNode regarding, String cluster, String eventNamespace) {
        String[] groupVersion =
                KubeResources.splitApiVersion(regarding.path("apiVersion").asText(""));
        String kind = regarding.path("kind").asText("");
        String resource = KubeResources.resourceOf(groupVersion[0], kind);
        return new ObjectRef(
                cluster,
                KubeResources.currentGroup(groupVersion[0], resource),
                groupVersion[1],
                resource,
                regarding.has("namespace")
                        ? regarding.path("namespace").asText("")
                        : clusterScoped(kind) ? "" : eventNamespace,
                regarding.path("name").asText(""),
                regarding.path("uid").asText(""),
                kind);
    }

    private static boolean clusterScoped(String kind) {
        return kind.equals("Node") || kind.equals("Namespace") || kind.equals("PersistentVolume");
    }

    /**
     * A series' last observation, else {@code eventTime}, else {@code lastTimestamp}, else {@code
     * firstTimestamp}, else the creation time.
     */
    private static long eventTime(JsonNode event, JsonNode metadata) {
        for (JsonNode candidate :
                new JsonNode[] {
                    event.path("series").path("lastObservedTime"),
                    event.path("eventTime"),
                    event.path("lastTimestamp"),
                    event.path("deprecatedLastTimestamp"),
                    event.path("firstTimestamp"),
                    event.path("deprecatedFirstTimestamp"),
                    metadata.path("creationTimestamp")
                }) {
            if (candidate.isTextual() && !candidate.asText().isEmpty()) {
                return KubeTime.parseNanos(candidate.asText());
            }
        }
        throw new DateTimeParseException("an Event without any time", "", 0);
    }

    private static String firstOf(JsonNode... candidates) {
        for (JsonNode candidate : candidates) {
            if (candidate.isTextual() && !candidate.asText().isEmpty()) {
                return candidate.asText();
            }
        }
        return "";
    }

    private static ParsedObject rejected(String source, long line, String reason, JsonNode object) {
        return ParsedObject.rejected(Rejection.of(source, line, reason, object.toString()));
    }
}
