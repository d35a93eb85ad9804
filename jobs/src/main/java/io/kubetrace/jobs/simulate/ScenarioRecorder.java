package io.kubetrace.jobs.simulate;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubetrace.model.KubeResources;
import io.kubetrace.model.KubeTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records the audit events of one scenario as kube-apiserver would log them at the RequestResponse
 * level, on the scenario's own clock. Each call is one request: who made it, what it sent, what
 * came back, and when.
 */
final class ScenarioRecorder {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String cluster;
    private final Random random;
    private final Names names;
    private final Names eventNames;
    private final AtomicLong sequence;
    private final List<PendingWrite> writes = new ArrayList<>();
    private long clockNanos;
    private long lastStageNanos = Long.MIN_VALUE;

    /**
     * @param names gives the names and IDs of objects and requests
     * @param eventNames gives the IDs of Kubernetes Events, apart, so that recording Events leaves
     *     the audit log the same
     */
    ScenarioRecorder(
            String cluster,
            long startNanos,
            Random random,
            Names names,
            Names eventNames,
            AtomicLong sequence) {
        this.cluster = cluster;
        this.clockNanos = startNanos;
        this.random = random;
        this.names = names;
        this.eventNames = eventNames;
        this.sequence = sequence;
    }

    long now() {
        return clockNanos;
    }

    Names names() {
        return names;
    }

    Random random() {
        return random;
    }

    List<PendingWrite> writes() {
        return writes;
    }

    /** Sets the clock, to run several things side by side from one instant. */
    void setClock(long nanos) {
        clockNanos = nanos;
    }

    /** Moves the clock on by a random time between the bounds, in milliseconds. */
    void after(long minMillis, long maxMillis) {
        long millis =
                minMillis + (maxMillis > minMillis ? random.nextLong(maxMillis - minMillis) : 0);
        clockNanos += millis * 1_000_000L + random.nextInt(1000) * 1000L;
    }

    /** A create of {@code object}; generated names are missing from the audit objectRef. */
    void create(Actor actor, ObjectNode object, boolean generatedName, String query) {
        ObjectNode request = object.deepCopy();
        ObjectNode metadata = (ObjectNode) request.get("metadata");
        metadata.remove(List.of("uid", "resourceVersion", "creationTimestamp", "generation"));
        if (generatedName) {
            metadata.remove("name");
        }
        record(
                actor,
                "create",
                object,
                generatedName ? "" : name(object),
                "",
                collection(object) + query,
                201,
                request,
                object.deepCopy(),
                Effect.CREATE);
    }

    /** A full update (PUT) of the object or of its {@code status}. */
    void update(Actor actor, ObjectNode object, String subresource) {
        String uri = item(object) + (subresource.isEmpty() ? "" : "/" + subresource);
        record(
                actor,
                "update",
                object,
                name(object),
                subresource,
                uri,
                200,
                object.deepCopy(),
                object.deepCopy(),
                Effect.UPDATE);
    }

    /** A patch; the response is the patched object, or {@code response} for a subresource. */
    void patch(
            Actor actor,
            ObjectNode object,
            String subresource,
            ObjectNode patch,
            ObjectNode response,
            String query) {
        String uri = item(object) + (subresource.isEmpty() ? "" : "/" + subresource) + query;
        record(
                actor,
                "patch",
                object,
                name(object),
                subresource,
                uri,
                200,
                patch,
                response == null ? object.deepCopy() : response,
                Effect.MODIFY);
    }

    /** The scheduler binding a Pod to a node. */
    void bind(ObjectNode pod, SimulatedNode node) {
        ObjectNode binding = NODES.objectNode();
        binding.put("kind", "Binding").put("apiVersion", "v1");
        binding.putObject("metadata")
                .put("name", name(pod))
                .put("namespace", pod.path("metadata").path("namespace").asText())
                .put("uid", pod.path("metadata").path("uid").asText());
        binding.putObject("target").put("kind", "Node").put("name", node.name());
        record(
                Actor.scheduler(),
                "create",
                pod,
                name(pod),
                "binding",
                item(pod) + "/binding",
                201,
                binding,
                successStatus(null),
                Effect.MODIFY);
    }

    /** How kube-apiserver answers a delete. */
    enum Deletion {
        /** The object stays, marked with a deletionTimestamp, and is the response. */
        GRACEFUL,
        /** The object is gone and the response is a Status (workloads, garbage collection). */
        GONE,
        /** The object is gone and the response is its last state (the kubelet's final delete). */
        GONE_WITH_OBJECT
    }

    /** A delete of {@code object}; {@code propagation} is the DeleteOptions policy, if any. */
    void delete(Actor actor, ObjectNode object, String propagation, Deletion deletion) {
        ObjectNode options = NODES.objectNode();
        options.put("kind", "DeleteOptions").put("apiVersion", "meta.k8s.io/v1");
        if (!propagation.isEmpty()) {
            options.put("propagationPolicy", propagation);
        }
        if (deletion == Deletion.GONE_WITH_OBJECT) {
            options.put("gracePeriodSeconds", 0);
        }
        ObjectNode response = deletion == Deletion.GONE ? successStatus(object) : object.deepCopy();
        record(
                actor,
                "delete",
                object,
                name(object),
                "",
                item(object),
                200,
                options,
                response,
                deletion == Deletion.GRACEFUL ? Effect.MODIFY : Effect.REMOVE);
    }

    private void record(
            Actor actor,
            String verb,
            ObjectNode object,
            String refName,
            String subresource,
            String uri,
            int code,
            ObjectNode request,
            ObjectNode response,
            Effect effect) {
        String[] groupVersion = KubeResources.splitApiVersion(object.path("apiVersion").asText());
        String resource = resource(object);
        String namespace = object.path("metadata").path("namespace").asText("");
        long received = clockNanos - latency();
        lastStageNanos = Math.max(lastStageNanos, clockNanos);

        ObjectNode event = NODES.objectNode();
        event.put("kind", "Event").put("apiVersion", "audit.k8s.io/v1");
        event.put("level", "RequestResponse").put("auditID", names.auditId());
        event.put("stage", "ResponseComplete").put("requestURI", uri).put("verb", verb);
        ObjectNode user = event.putObject("user").put("username", actor.user());
        actor.groups().forEach(user.putArray("groups")::add);
        event.putArray("sourceIPs").add(actor.sourceIp());
        event.put("userAgent", actor.userAgent());
        ObjectNode ref = event.putObject("objectRef").put("resource", resource);
        if (!namespace.isEmpty()) {
            ref.put("namespace", namespace);
        }
        if (!refName.isEmpty()) {
            ref.put("name", refName);
        }
        if (!groupVersion[0].isEmpty()) {
            ref.put("apiGroup", groupVersion[0]);
        }
        ref.put("apiVersion", groupVersion[1]);
        if (!subresource.isEmpty()) {
            ref.put("subresource", subresource);
        }
        event.putObject("responseStatus").put("code", code).putObject("metadata");
        event.set("requestObject", request);
        event.set("responseObject", response);
        event.put("requestReceivedTimestamp", KubeTime.formatMicros(received));
        event.put("stageTimestamp", KubeTime.formatMicros(clockNanos));
        event.putObject("annotations")
                .put("authorization.k8s.io/decision", "allow")
                .put("authorization.k8s.io/reason", "RBAC: allowed");
        event.put("cluster", cluster);
        writes.add(
                new PendingWrite(
                        clockNanos,
                        sequence.getAndIncrement(),
                        cluster,
                        objectKey(object),
                        effect,
                        event,
                        object.deepCopy(),
                        null));
    }

    /**
     * A Kubernetes Event about {@code involved}, recorded now, as a controller or the kubelet
     * records it (core/v1, with {@code source}, second-precision timestamps and a count).
     */
    void kubeEvent(
            ObjectNode involved,
            String reason,
            String type,
            String message,
            String component,
            String host) {
        String namespace = involved.path("metadata").path("namespace").asText("default");
        String name = involved.path("metadata").path("name").asText();
        ObjectNode event = NODES.objectNode();
        event.put("apiVersion", "v1").put("kind", "Event");
        ObjectNode metadata = event.putObject("metadata");
        metadata.put("name", name + "." + Long.toHexString(clockNanos));
        metadata.put("namespace", namespace).put("uid", eventNames.uid());
        metadata.put("creationTimestamp", KubeTime.formatSeconds(clockNanos));
        ObjectNode about = event.putObject("involvedObject");
        about.put("apiVersion", involved.path("apiVersion").asText())
                .put("kind", involved.path("kind").asText());
        about.put("name", name)
                .put("namespace", namespace)
                .put("uid", involved.path("metadata").path("uid").asText());
        event.put("reason", reason).put("message", message).put("type", type);
        ObjectNode source = event.putObject("source").put("component", component);
        if (!host.isEmpty()) {
            source.put("host", host);
        }
        event.put("count", 1);
        event.put("firstTimestamp", KubeTime.formatSeconds(clockNanos));
        event.put("lastTimestamp", KubeTime.formatSeconds(clockNanos));
        event.putNull("eventTime");
        writes.add(
                new PendingWrite(
                        clockNanos,
                        sequence.getAndIncrement(),
                        cluster,
                        "events/" + namespace + "/" + name,
                        Effect.CREATE,
                        null,
                        null,
                        event));
    }

    /**
     * How long kube-apiserver took: up to 8 ms, but a request that follows another was sent after
     * the one before it completed, so it is not received before that.
     */
    private long latency() {
        long bound = 8_000_000L;
        if (lastStageNanos != Long.MIN_VALUE && clockNanos > lastStageNanos) {
            bound = Math.min(bound, clockNanos - lastStageNanos);
        }
        return 100_000L + random.nextLong(Math.max(bound - 100_000L, 1L));
    }

    static String objectKey(ObjectNode object) {
        return resource(object)
                + '/'
                + object.path("metadata").path("namespace").asText("")
                + '/'
                + name(object);
    }

    private static String name(ObjectNode object) {
        return object.path("metadata").path("name").asText();
    }

    private static String resource(ObjectNode object) {
        String group = KubeResources.splitApiVersion(object.path("apiVersion").asText())[0];
        return KubeResources.resourceOf(group, object.path("kind").asText());
    }

    private static String collection(ObjectNode object) {
        String apiVersion = object.path("apiVersion").asText();
        String prefix = apiVersion.contains("/") ? "/apis/" + apiVersion : "/api/" + apiVersion;
        String namespace = object.path("metadata").path("namespace").asText("");
        return prefix
                + (namespace.isEmpty() ? "" : "/namespaces/" + namespace)
                + '/'
                + resource(object);
    }

    private static String item(ObjectNode object) {
        return collection(object) + '/' + name(object);
    }

    private static ObjectNode successStatus(ObjectNode deleted) {
        ObjectNode status = NODES.objectNode();
        status.put("kind", "Status").put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Success");
        if (deleted != null) {
            String[] groupVersion =
                    KubeResources.splitApiVersion(deleted.path("apiVersion").asText());
            status.putObject("details")
                    .put("name", name(deleted))
                    .put("group", groupVersion[0])
                    .put("kind", resource(deleted))
                    .put("uid", deleted.path("metadata").path("uid").asText());
        }
        return status;
    }
}
