package io.kubetrace.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/** What kubetrace reads out of the object bodies that audit events carry. */
public final class ObjectBodies {

    /** Annotation naming a parent across namespaces or clusters, in kubetrace's own words. */
    public static final String PARENT_ANNOTATION = "kubetrace.io/parent";

    /** Kelemetry's annotation for the same, so objects annotated for Kelemetry keep working. */
    public static final String KELEMETRY_PARENT_ANNOTATION = "kelemetry.kubewharf.io/parent-link";

    /** Labels that ask for an object's content to be kept out of traces. */
    public static final Set<String> REDACT_LABELS =
            Set.of("kubetrace.io/redact", "kelemetry.kubewharf.io/diff-redacted");

    public static final String REDACTED = "<redacted>";

    private static final String LAST_APPLIED_ANNOTATION =
            "kubectl.kubernetes.io/last-applied-configuration";

    private static final Set<String> KEPT_WHEN_REDACTED = Set.of("apiVersion", "kind", "metadata");

    /** Kinds a request or response carries that are not the object itself. */
    private static final Set<String> NOT_OBJECT_KINDS =
            Set.of(
                    "Status",
                    "Binding",
                    "Eviction",
                    "Scale",
                    "DeleteOptions",
                    "TokenRequest",
                    "PodExecOptions",
                    "PodAttachOptions",
                    "PodPortForwardOptions",
                    "PodLogOptions",
                    "List");

    private static final Set<String> CLUSTER_SCOPED_KINDS =
            Set.of(
                    "Node",
                    "Namespace",
                    "PersistentVolume",
                    "ClusterRole",
                    "ClusterRoleBinding",
                    "StorageClass",
                    "CustomResourceDefinition",
                    "PriorityClass",
                    "IngressClass",
                    "CSIDriver",
                    "CSINode",
                    "VolumeAttachment",
                    "ValidatingWebhookConfiguration",
                    "MutatingWebhookConfiguration",
                    "CertificateSigningRequest");

    private static final ObjectMapper JSON = new ObjectMapper();

    private ObjectBodies() {}

    /**
     * Whether a request or response body is the object itself (and not a patch, a Status or a
     * subresource such as a Binding), so its metadata describes the object.
     */
    public static boolean isObject(JsonNode body, String group, String resource) {
        if (body == null || !body.isObject() || !body.path("metadata").isObject()) {
            return false;
        }
        String kind = body.path("kind").asText("");
        if (kind.isEmpty() || NOT_OBJECT_KINDS.contains(kind) || kind.endsWith("List")) {
            return false;
        }
        String expected = KubeResources.kindOf(group, resource);
        return expected.isEmpty() || expected.equals(kind);
    }

    /**
     * The parent an object names: the owner reference with {@code controller: true}, else the
     * {@value #PARENT_ANNOTATION} or {@value #KELEMETRY_PARENT_ANNOTATION} annotation; {@code null}
     * when it names none or the annotation cannot be read.
     */
    public static ObjectRef parentOf(JsonNode body, String cluster, String namespace) {
        for (JsonNode owner : body.path("metadata").path("ownerReferences")) {
            if (owner.path("controller").asBoolean(false)) {
                return ownerRef(owner, cluster, namespace);
            }
        }
        JsonNode annotations = body.path("metadata").path("annotations");
        for (String annotation : new String[] {PARENT_ANNOTATION, KELEMETRY_PARENT_ANNOTATION}) {
            String link = annotations.path(annotation).asText("");
            if (!link.isEmpty()) {
                ObjectRef parent = parentLink(link, cluster);
                if (parent != null) {
                    return parent;
                }
            }
        }
        return null;
    }

    private static ObjectRef ownerRef(JsonNode owner, String cluster, String namespace) {
        String[] groupVersion = KubeResources.splitApiVersion(owner.path("apiVersion").asText(""));
        String kind = owner.path("kind").asText("");
        String group = groupVersion[0];
        String resource = KubeResources.resourceOf(group, kind);
        return new ObjectRef(
                cluster,
                KubeResources.currentGroup(group, resource),
                groupVersion[1],
                resource,
                CLUSTER_SCOPED_KINDS.contains(kind) ? "" : namespace,
                owner.path("name").asText(""),
                owner.path("uid").asText(""),
                kind);
    }

    /**
     * Reads {@code {cluster,group,version,resource,namespace,name,uid}}, as Kelemetry writes it.
     */
    private static ObjectRef parentLink(String link, String cluster) {
        JsonNode value;
        try {
            value = JSON.readTree(link);
        } catch (IOException e) {
            return null;
        }
        String resource = value.path("resource").asText("");
        String name = value.path("name").asText("");
        if (resource.isEmpty() || name.isEmpty()) {
            return null;
        }
        String group = value.path("group").asText("");
        String linkCluster = value.path("cluster").asText("");
        return new ObjectRef(
                linkCluster.isEmpty() ? cluster : linkCluster,
                KubeResources.currentGroup(group, resource),
                value.path("version").asText(""),
                resource,
                value.path("namespace").asText(""),
                name,
                value.path("uid").asText(""),
                KubeResources.kindOf(group, resource));
    }

    /**
     * The body as a span shows it: without {@code managedFields}, with Secret values and the
     * content of objects labelled for redaction replaced, and cut at {@code maxBytes} with a
     * marker.
     */
    public static String snapshot(JsonNode body, int maxBytes) {
        return snapshot(body, maxBytes, false);
    }

    /**
     * The body as a span shows it, as {@link #snapshot(JsonNode, int)} does; with {@code
     * hideContent} only {@code apiVersion}, {@code kind} and {@code metadata} show, as for objects
     * labelled for redaction.
     */
    public static String snapshot(JsonNode body, int maxBytes, boolean hideContent) {
        ObjectNode copy = body.deepCopy();
        JsonNode metadata = copy.path("metadata");
        if (metadata.isObject()) {
            ((ObjectNode) metadata).remove("managedFields");
        }
        boolean secret = copy.path("kind").asText("").equals("Secret");
        boolean labelled = hideContent || isLabelledForRedaction(copy);
        if (secret || labelled) {
            // kubectl apply keeps the whole manifest, data included, in this annotation.
            JsonNode annotations = metadata.path("annotations");
            if (annotations.has(LAST_APPLIED_ANNOTATION)) {
                ((ObjectNode) annotations).put(LAST_APPLIED_ANNOTATION, REDACTED);
            }
        }
        if (secret) {
            redactValues(copy, "data");
            redactValues(copy, "stringData");
        }
        if (labelled) {
            for (Map.Entry<String, JsonNode> field : copy.properties()) {
                if (!KEPT_WHEN_REDACTED.contains(field.getKey())) {
                    field.setValue(copy.textNode(REDACTED));
                }
            }
        }
        return capped(copy.toString(), maxBytes);
    }

    public static boolean isLabelledForRedaction(JsonNode body) {
        JsonNode labels = body.path("metadata").path("labels");
        return REDACT_LABELS.stream().anyMatch(labels::has);
    }

    private static void redactValues(ObjectNode body, String field) {
        JsonNode values = body.path(field);
        if (values.isObject()) {
            ObjectNode redacted = body.objectNode();
            values.properties().forEach(entry -> redacted.put(entry.getKey(), REDACTED));
            body.set(field, redacted);
        }
    }

    /** Cuts text to at most {@code maxBytes} UTF-8 bytes and says how much was cut. */
    public static String capped(String text, int maxBytes) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) {
            return text;
        }
        String kept = new String(bytes, 0, maxBytes, StandardCharsets.UTF_8);
        if (kept.endsWith("\uFFFD")) {
            kept = kept.substring(0, kept.length() - 1);
        }
        return kept + "…[truncated " + (bytes.length - maxBytes) + " bytes]";
    }
}
