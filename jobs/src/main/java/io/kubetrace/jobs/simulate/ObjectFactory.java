package io.kubetrace.jobs.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubetrace.model.KubeTime;

/** Object bodies as kube-apiserver returns them, trimmed to the fields controllers touch. */
final class ObjectFactory {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ObjectFactory() {}

    static ObjectNode deployment(
            String namespace, String name, String uid, long nowNanos, int replicas, String image) {
        ObjectNode deployment = object("apps/v1", "Deployment", namespace, name, uid, nowNanos);
        labels(deployment).put("app", name);
        metadata(deployment).put("generation", 1);
        metadata(deployment).putObject("annotations").put("deployment.kubernetes.io/revision", "1");
        ObjectNode spec = deployment.putObject("spec");
        spec.put("replicas", replicas);
        spec.putObject("selector").putObject("matchLabels").put("app", name);
        ObjectNode strategy = spec.putObject("strategy").put("type", "RollingUpdate");
        strategy.putObject("rollingUpdate").put("maxSurge", "25%").put("maxUnavailable", "25%");
        spec.set("template", podTemplate(name, image));
        deployment.putObject("status");
        return deployment;
    }

    static ObjectNode replicaSet(
            ObjectNode deployment, String hash, String uid, long nowNanos, int replicas) {
        String name = name(deployment) + "-" + hash;
        ObjectNode replicaSet =
                object("apps/v1", "ReplicaSet", namespace(deployment), name, uid, nowNanos);
        labels(replicaSet).put("app", name(deployment)).put("pod-template-hash", hash);
        metadata(replicaSet).put("generation", 1);
        ownedBy(replicaSet, deployment);
        ObjectNode spec = replicaSet.putObject("spec").put("replicas", replicas);
        ObjectNode matchLabels = spec.putObject("selector").putObject("matchLabels");
        matchLabels.put("app", name(deployment)).put("pod-template-hash", hash);
        ObjectNode template = deployment.path("spec").path("template").deepCopy();
        ((ObjectNode) template.path("metadata").path("labels")).put("pod-template-hash", hash);
        spec.set("template", template);
        replicaSet.putObject("status").put("replicas", 0);
        return replicaSet;
    }

    static ObjectNode statefulSet(
            String namespace, String name, String uid, long nowNanos, int replicas, String image) {
        ObjectNode statefulSet = object("apps/v1", "StatefulSet", namespace, name, uid, nowNanos);
        labels(statefulSet).put("app", name);
        metadata(statefulSet).put("generation", 1);
        ObjectNode spec = statefulSet.putObject("spec");
        spec.put("replicas", replicas)
                .put("serviceName", name)
                .put("podManagementPolicy", "OrderedReady");
        spec.putObject("selector").putObject("matchLabels").put("app", name);
        spec.set("template", podTemplate(name, image));
        statefulSet.putObject("status").put("replicas", 0);
        return statefulSet;
    }

    static ObjectNode controllerRevision(
            ObjectNode statefulSet, String hash, String uid, long nowNanos) {
        ObjectNode revision =
                object(
                        "apps/v1",
                        "ControllerRevision",
                        namespace(statefulSet),
                        name(statefulSet) + "-" + hash,
                        uid,
                        nowNanos);
        labels(revision).put("app", name(statefulSet)).put("controller-revision-hash", hash);
        ownedBy(revision, statefulSet);
        revision.put("revision", 1);
        revision.putObject("data")
                .set("spec", statefulSet.path("spec").path("template").deepCopy());
        return revision;
    }

    static ObjectNode cronJob(
            String namespace, String name, String uid, long nowNanos, String image) {
        ObjectNode cronJob = object("batch/v1", "CronJob", namespace, name, uid, nowNanos);
        ObjectNode spec = cronJob.putObject("spec").put("schedule", "*/1 * * * *");
        spec.put("concurrencyPolicy", "Allow");
        ObjectNode jobSpec = spec.putObject("jobTemplate").putObject("spec");
        ObjectNode template = podTemplate(name, image);
        ((ObjectNode) template.path("spec")).put("restartPolicy", "OnFailure");
        jobSpec.set("template", template);
        cronJob.putObject("status");
        return cronJob;
    }

    static ObjectNode job(ObjectNode cronJob, String name, String uid, long nowNanos) {
        ObjectNode job = object("batch/v1", "Job", namespace(cronJob), name, uid, nowNanos);
        labels(job).put("job-name", name);
        ownedBy(job, cronJob);
        ObjectNode spec = job.putObject("spec").put("completions", 1).put("parallelism", 1);
        spec.put("backoffLimit", 6);
        spec.set(
                "template",
                cronJob.path("spec").path("jobTemplate").path("spec").path("template").deepCopy());
        job.putObject("status");
        return job;
    }

    /** A Pod of {@code owner}'s template, not yet scheduled. */
    static ObjectNode pod(
            ObjectNode owner, String name, String generateName, String uid, long nowNanos) {
        ObjectNode pod = object("v1", "Pod", namespace(owner), name, uid, nowNanos);
        if (!generateName.isEmpty()) {
            metadata(pod).put("generateName", generateName);
        }
        ObjectNode template = (ObjectNode) owner.path("spec").path("template");
        labels(pod).setAll((ObjectNode) template.path("metadata").path("labels"));
        ownedBy(pod, owner);
        pod.set("spec", template.path("spec").deepCopy());
        ObjectNode status = pod.putObject("status").put("phase", "Pending");
        status.put("qosClass", "BestEffort");
        return pod;
    }

    static ObjectNode podTemplate(String app, String image) {
        ObjectNode template = NODES.objectNode();
        template.putObject("metadata").putObject("labels").put("app", app);
        ObjectNode spec = template.putObject("spec");
        ObjectNode container = spec.putArray("containers").addObject();
        container.put("name", app).put("image", image).put("imagePullPolicy", "IfNotPresent");
        container.putArray("ports").addObject().put("containerPort", 8080).put("protocol", "TCP");
        container.putObject("resources");
        spec.put("restartPolicy", "Always").put("schedulerName", "default-scheduler");
        spec.put("terminationGracePeriodSeconds", 30);
        return template;
    }

    static String name(ObjectNode object) {
        return object.path("metadata").path("name").asText();
    }

    static String namespace(ObjectNode object) {
        return object.path("metadata").path("namespace").asText();
    }

    static String uid(ObjectNode object) {
        return object.path("metadata").path("uid").asText();
    }

    static ObjectNode metadata(ObjectNode object) {
        return (ObjectNode) object.get("metadata");
    }

    /** The container image of a workload's Pod template, or of a Pod. */
    static String image(ObjectNode object) {
        JsonNode spec =
                object.path("kind").asText().equals("Pod")
                        ? object.path("spec")
                        : object.path("spec").path("template").path("spec");
        return spec.path("containers").path(0).path("image").asText();
    }

    static void setImage(ObjectNode workload, String image) {
        ArrayNode containers =
                (ArrayNode) workload.path("spec").path("template").path("spec").path("containers");
        ((ObjectNode) containers.get(0)).put("image", image);
    }

    /** Marks the object deleted, as a graceful delete leaves it until the kubelet is done. */
    static void markDeleted(ObjectNode object, long nowNanos, int gracePeriodSeconds) {
        metadata(object).put("deletionTimestamp", KubeTime.formatSeconds(nowNanos));
        metadata(object).put("deletionGracePeriodSeconds", gracePeriodSeconds);
    }

    private static ObjectNode object(
            String apiVersion,
            String kind,
            String namespace,
            String name,
            String uid,
            long nowNanos) {
        ObjectNode object = NODES.objectNode();
        object.put("apiVersion", apiVersion).put("kind", kind);
        ObjectNode metadata = object.putObject("metadata");
        metadata.put("name", name).put("namespace", namespace).put("uid", uid);
        metadata.put("creationTimestamp", KubeTime.formatSeconds(nowNanos));
        metadata.putObject("labels");
        return object;
    }

    private static ObjectNode labels(ObjectNode object) {
        return (ObjectNode) object.path("metadata").path("labels");
    }

    private static void ownedBy(ObjectNode object, ObjectNode owner) {
        ObjectNode reference = metadata(object).putArray("ownerReferences").addObject();
        reference.put("apiVersion", owner.path("apiVersion").asText());
        reference.put("kind", owner.path("kind").asText());
        reference.put("name", name(owner)).put("uid", uid(owner));
        reference.put("controller", true).put("blockOwnerDeletion", true);
    }
}
