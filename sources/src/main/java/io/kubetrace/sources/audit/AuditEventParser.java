package io.kubetrace.sources.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubetrace.model.AuditError;
import io.kubetrace.model.AuditRecord;
import io.kubetrace.model.KubeResources;
import io.kubetrace.model.KubeTime;
import io.kubetrace.model.ObjectBodies;
import io.kubetrace.model.ObjectRef;
import io.kubetrace.model.ParsedAudit;
import io.kubetrace.model.Rejection;
import java.io.Serializable;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Turns one audit.k8s.io {@code Event} (v1 or v1beta1), possibly inside a GKE or AKS log envelope,
 * into an {@link AuditRecord}, or into a {@link Rejection} that says why it cannot be used. It
 * never throws on bad input.
 */
public final class AuditEventParser implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String defaultCluster;
    private final int snapshotMaxBytes;

    /**
     * @param defaultCluster the cluster of events that do not name one (files, not the gateway)
     * @param snapshotMaxBytes how much of a creation or deletion body a snapshot keeps
     */
    public AuditEventParser(String defaultCluster, int snapshotMaxBytes) {
        this.defaultCluster = defaultCluster;
        this.snapshotMaxBytes = snapshotMaxBytes;
    }

    /** The parser the settings describe: {@code audit.cluster}, {@code audit.snapshot.max-size}. */
    public static AuditEventParser from(ReadableConfig config) {
        return new AuditEventParser(
                config.get(AuditSourceOptions.CLUSTER),
                (int) config.get(AuditSourceOptions.SNAPSHOT_MAX_SIZE).getBytes());
    }

    public ParsedAudit parse(JsonNode node, String source, long line) {
        return read(node, source, line).parsed();
    }

    /** Parses the event and keeps its JSON, out of any envelope, beside the record. */
    public RecordedAuditEvent read(JsonNode node, String source, long line) {
        try {
            JsonNode event = unwrapEnvelope(node);
            return new RecordedAuditEvent(event, ParsedAudit.parsed(toRecord(event, source, line)));
        } catch (UnusableEventException e) {
            return RecordedAuditEvent.rejected(
                    Rejection.of(source, line, e.getMessage(), node.toString()));
        } catch (RuntimeException e) {
            return RecordedAuditEvent.rejected(
                    Rejection.of(source, line, "unreadable audit event: " + e, node.toString()));
        }
    }

    private static JsonNode unwrapEnvelope(JsonNode node) {
        if (!node.isObject()) {
            throw new UnusableEventException(
                    "not an audit event: a JSON " + node.getNodeType().name().toLowerCase());
        }
        if (node.has("protoPayload")) {
            return GkeAuditLog.toAuditEvent(node);
        }
        JsonNode aksLog = node.path("properties").path("log");
        if (aksLog.isObject()) {
            return aksLog;
        }
        if (aksLog.isTextual()) {
            try {
                return JSON.readTree(aksLog.asText());
            } catch (JsonProcessingException e) {
                throw new UnusableEventException(
                        "AKS envelope: properties.log is not JSON: " + e.getOriginalMessage());
            }
        }
        return node;
    }

    private AuditRecord toRecord(JsonNode event, String source, long line) {
        String kind = event.path("kind").asText("Event");
        if (!kind.equals("Event")) {
            throw new UnusableEventException("not an audit event: kind " + kind);
        }
        String auditId = required(event, "auditID");
        String verb = required(event, "verb");
        String stage = required(event, "stage");
        long stageNanos = timestamp(event, "stageTimestamp", "timestamp");
        long receivedNanos =
                event.hasNonNull("requestReceivedTimestamp")
                        ? timestamp(event, "requestReceivedTimestamp", "requestReceivedTimestamp")
                        : stageNanos;
        String cluster = event.path("cluster").asText("");
        if (cluster.isEmpty()) {
            cluster = defaultCluster;
        }

        JsonNode ref = event.path("objectRef");
        String rawGroup = ref.path("apiGroup").asText("");
        String resource = ref.path("resource").asText("");
        String group = KubeResources.currentGroup(rawGroup, resource);
        String namespace = ref.path("namespace").asText("");
        JsonNode response = event.get("responseObject");
        JsonNode request = event.get("requestObject");
        int code = event.path("responseStatus").path("code").asInt(0);
        // A create or update that succeeded sent the whole object; a patch sends only a change
        // (a server-side apply even looks like an object) and says nothing of what it left out.
        boolean requestIsObject =
                (verb.equals("create") || verb.equals("update"))
                        && code < 300
                        && ObjectBodies.isObject(request, group, resource);
        JsonNode body =
                ObjectBodies.isObject(response, group, resource)
                        ? response
                        : requestIsObject ? request : null;
        JsonNode bodyMeta = body == null ? JSON.missingNode() : body.path("metadata");

        String name = ref.path("name").asText("");
        if (name.isEmpty()) {
            name = bodyMeta.path("name").asText("");
        }
        if (namespace.isEmpty()) {
            namespace = bodyMeta.path("namespace").asText("");
        }
        String uid = ref.path("uid").asText("");
        if (uid.isEmpty()) {
            uid = bodyMeta.path("uid").asText("");
        }
        ObjectRef object =
                ref.isObject()
                        ? new ObjectRef(
                                cluster,
                                group,
                                ref.path("apiVersion").asText(""),
                                resource,
                                namespace,
                                name,
                                uid,
                                KubeResources.kindOf(group, resource))
                        : null;

        String resourceVersion = ref.path("resourceVersion").asText("");
        if (resourceVersion.isEmpty() && body == request && body != null) {
            resourceVersion = bodyMeta.path("resourceVersion").asText("");
        }
        String newResourceVersion =
                body == response && body != null ? bodyMeta.path("resourceVersion").asText("") : "";

        JsonNode status = event.path("responseStatus");

        return new AuditRecord(
                cluster,
                auditId,
                stage,
                event.path("level").asText(""),
                verb,
                ref.path("subresource").asText(""),
                object,
                event.path("user").path("username").asText(""),
                event.path("impersonatedUser").path("username").asText(""),
                event.path("userAgent").asText(""),
                texts(event.path("sourceIPs")),
                event.path("requestURI").asText(""),
                code,
                code >= 300 ? error(status, response) : null,
                resourceVersion,
                newResourceVersion,
                receivedNanos,
                stageNanos,
                body != null,
                body == null || object == null
                        ? null
                        : ObjectBodies.parentOf(body, cluster, object.namespace()),
                snapshotOf(verb, body, response),
                nodeName(resource, body, request),
                event.path("apiserver").asText(""),
                source,
                line);
    }

    /** A create shows what was created, a delete what was deleted; other verbs show diffs. */
    private String snapshotOf(String verb, JsonNode body, JsonNode response) {
        if (body == null) {
            return "";
        }
        if (verb.equals("create") || (verb.equals("delete") && body == response)) {
            return ObjectBodies.snapshot(body, snapshotMaxBytes);
        }
        return "";
    }

    private static String nodeName(String resource, JsonNode body, JsonNode request) {
        if (!resource.equals("pods")) {
            return "";
        }
        if (body != null) {
            String fromSpec = body.path("spec").path("nodeName").asText("");
            if (!fromSpec.isEmpty()) {
                return fromSpec;
            }
        }
        if (request != null && request.path("kind").asText("").equals("Binding")) {
            return request.path("target").path("name").asText("");
        }
        return "";
    }

    private static AuditError error(JsonNode status, JsonNode response) {
        JsonNode source =
                status.hasNonNull("message")
                                || response == null
                                || !response.path("kind").asText("").equals("Status")
                        ? status
                        : response;
        List<String> causes = new ArrayList<>();
        for (JsonNode cause : source.path("details").path("causes")) {
            String field = cause.path("field").asText("");
            String message = cause.path("message").asText("");
            String reason = cause.path("reason").asText("");
            causes.add(
                    (field.isEmpty() ? "" : field + ": ")
                            + message
                            + (reason.isEmpty() ? "" : " (" + reason + ")"));
        }
        return new AuditError(
                source.path("reason").asText(""), source.path("message").asText(""), causes);
    }

    private static String required(JsonNode event, String field) {
        String value = event.path(field).asText("");
        if (value.isEmpty()) {
            throw new UnusableEventException("missing " + field);
        }
        return value;
    }

    private static long timestamp(JsonNode event, String field, String fallback) {
        JsonNode value = event.hasNonNull(field) ? event.get(field) : event.get(fallback);
        if (value == null || value.isNull()) {
            throw new UnusableEventException("missing " + field);
        }
        try {
            return KubeTime.parseNanos(value.asText());
        } catch (DateTimeParseException e) {
            throw new UnusableEventException(
                    "invalid " + field + " '" + value.asText() + "': " + e.getMessage());
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    /** An event kubetrace cannot trace; the message is the rejection reason. */
    static final class UnusableEventException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnusableEventException(String reason) {
            super(reason, null, false, false);
        }
    }
}
