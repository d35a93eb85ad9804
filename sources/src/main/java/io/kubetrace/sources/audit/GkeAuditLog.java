package io.kubetrace.sources.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubetrace.sources.audit.AuditEventParser.UnusableEventException;
import java.util.Map;
import java.util.Set;

/**
 * Reads a GKE Kubernetes audit entry from Cloud Logging ({@code protoPayload} of type {@code
 * AuditLog}) back into the audit.k8s.io {@code Event} kube-apiserver recorded: the audit ID is the
 * entry's {@code operation.id}, the object comes from {@code resourceName} ({@code
 * group/version/namespaces/ns/resource/name[/subresource]}), the verb ends {@code methodName}, and
 * the gRPC status code is mapped back to HTTP.
 */
final class GkeAuditLog {

    /** gRPC status codes as kube-apiserver's HTTP codes that GKE mapped them from. */
    private static final Map<Integer, Integer> HTTP_BY_GRPC =
            Map.ofEntries(
                    Map.entry(1, 499),
                    Map.entry(2, 500),
                    Map.entry(3, 400),
                    Map.entry(4, 504),
                    Map.entry(5, 404),
                    Map.entry(6, 409),
                    Map.entry(7, 403),
                    Map.entry(8, 429),
                    Map.entry(9, 400),
                    Map.entry(10, 409),
                    Map.entry(11, 400),
                    Map.entry(12, 501),
                    Map.entry(13, 500),
                    Map.entry(14, 503),
                    Map.entry(15, 500),
                    Map.entry(16, 401));

    /** Subresources of a Namespace object, as opposed to resources inside a namespace. */
    private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

    private GkeAuditLog() {}

    static JsonNode toAuditEvent(JsonNode entry) {
        JsonNode payload = entry.path("protoPayload");
        String auditId = entry.path("operation").path("id").asText("");
        if (auditId.isEmpty()) {
            auditId = entry.path("insertId").asText("");
        }
        String method = payload.path("methodName").asText("");
        if (!method.startsWith("io.k8s.")) {
            throw new UnusableEventException(
                    "GKE envelope: not a Kubernetes audit entry (methodName '" + method + "')");
        }
        String verb = method.substring(method.lastIndexOf('.') + 1);

        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode event = nodes.objectNode();
        event.put("kind", "Event");
        event.put("apiVersion", "audit.k8s.io/v1");
        event.put("auditID", auditId);
        event.put(
                "stage",
                entry.path("operation").path("last").asBoolean(true)
                        ? "ResponseComplete"
                        : "ResponseStarted");
        event.put("verb", verb);
        event.put(
                "level",
                payload.has("response")
                        ? "RequestResponse"
                        : payload.has("request") ? "Request" : "Metadata");
        String time = entry.path("timestamp").asText("");
        event.put("requestReceivedTimestamp", time);
        event.put("stageTimestamp", time);
        event.set("objectRef", objectRef(payload.path("resourceName").asText("")));
        event.putObject("user")
                .put(
                        "username",
                        payload.path("authenticationInfo").path("principalEmail").asText(""));
        JsonNode requestMetadata = payload.path("requestMetadata");
        event.put("userAgent", requestMetadata.path("callerSuppliedUserAgent").asText(""));
        event.putArray("sourceIPs").add(requestMetadata.path("callerIp").asText(""));
        int grpcCode = payload.path("status").path("code").asInt(0);
        ObjectNode status = event.putObject("responseStatus");
        status.put(
                "code",
                grpcCode == 0
                        ? (verb.equals("create") ? 201 : 200)
                        : HTTP_BY_GRPC.getOrDefault(grpcCode, 500));
        if (grpcCode != 0) {
            status.put("message", payload.path("status").path("message").asText(""));
        }
        if (payload.has("request")) {
            event.set("requestObject", payload.get("request"));
        }
        if (payload.has("response")) {
            event.set("responseObject", payload.get("response"));
        }
        String cluster = entry.path("resource").path("labels").path("cluster_name").asText("");
        if (!cluster.isEmpty()) {
            event.put("cluster", cluster);
        }
        return event;
    }

    /**
     * {@code core/v1/namespaces/default/pods/nginx/binding} or {@code
     * rbac.authorization.k8s.io/v1/clusterroles/admin} as an audit {@code objectRef}.
     */
    private static ObjectNode objectRef(String resourceName) {
        String[] parts = resourceName.split("/");
        if (parts.length < 3) {
            throw new UnusableEventException(
                    "GKE envelope: unreadable resourceName '" + resourceName + "'");
        }
        ObjectNode ref = JsonNodeFactory.instance.objectNode();
        ref.put("apiGroup", parts[0].equals("core") ? "" : parts[0]);
        ref.put("apiVersion", parts[1]);
        int next = 2;
        boolean namespaceSubresource =
                parts.length == 5
                        && parts[2].equals("namespaces")
                        && NAMESPACE_SUBRESOURCES.contains(parts[4]);
        if (parts[next].equals("namespaces") && parts.length > next + 2 && !namespaceSubresource) {
            ref.put("namespace", parts[next + 1]);
            next += 2;
        }
        ref.put("resource", parts[next]);
        if (parts.length > next + 1) {
            ref.put("name", parts[next + 1]);
        }
        if (parts.length > next + 2) {
            ref.put("subresource", parts[next + 2]);
        }
        return ref;
    }
}
