package io.kubetrace.jobs.simulate;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubetrace.jobs.simulate.ScenarioRecorder.Deletion;
import java.util.ArrayList;
import java.util.List;

/**
 * A Deployment's whole life, as its controllers live it: created by kubectl, rolled out by the
 * deployment and replicaset controllers, scaled up, updated to a new image (a second ReplicaSet,
 * one Pod surged in and one old Pod removed at a time, as in the kspan capture), scaled down, and,
 * unless it is kept, deleted, after which the garbage collector removes its ReplicaSets and Pods.
 */
final class DeploymentLifecycle {

    private static final Actor DEPLOYMENT_CONTROLLER = Actor.controller("deployment-controller");
    private static final Actor REPLICASET_CONTROLLER = Actor.controller("replicaset-controller");
    private static final Actor GARBAGE_COLLECTOR = Actor.controller("generic-garbage-collector");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ScenarioRecorder recorder;
    private final PodActions pods;

    /** Each ReplicaSet with its Pods, oldest first. */
    private final List<ReplicaSetPods> replicaSets = new ArrayList<>();

    private ObjectNode deployment;

    DeploymentLifecycle(ScenarioRecorder recorder, PodActions pods) {
        this.recorder = recorder;
        this.pods = pods;
    }

    void run(String namespace, String name, int replicas, boolean keep) {
        create(namespace, name, replicas);
        recorder.after(20_000, 60_000);
        scale(replicas + 1);
        recorder.after(20_000, 60_000);
        updateImage("ghcr.io/stefanprodan/podinfo:6.5.1");
        recorder.after(20_000, 60_000);
        scale(replicas);
        if (!keep) {
            recorder.after(20_000, 60_000);
            delete();
        }
    }

    private void create(String namespace, String name, int replicas) {
        deployment =
                ObjectFactory.deployment(
                        namespace,
                        name,
                        recorder.names().uid(),
                        recorder.now(),
                        replicas,
                        "ghcr.io/stefanprodan/podinfo:6.5.0");
        recorder.create(
                Actor.kubectl(),
                deployment,
                false,
                "?fieldManager=kubectl-create&fieldValidation=Strict");
        recorder.after(3, 15);
        ObjectNode replicaSet = newReplicaSet(replicas);
        recorder.after(2, 10);
        deploymentStatus(0);
        startPods(replicaSet, replicas);
        finishRollout(replicaSet);
    }

    private ObjectNode newReplicaSet(int replicas) {
        ObjectNode replicaSet =
                ObjectFactory.replicaSet(
                        deployment,
                        recorder.names().templateHash(),
                        recorder.names().uid(),
                        recorder.now(),
                        replicas);
        recorder.create(DEPLOYMENT_CONTROLLER, replicaSet, false, "");
        scalingEvent("up", replicaSet, replicas);
        replicaSets.add(new ReplicaSetPods(replicaSet, new ArrayList<>()));
        return replicaSet;
    }

    /** kubectl scale: the deployment controller resizes the newest ReplicaSet. */
    private void scale(int replicas) {
        ObjectNode replicaSet = newest();
        int current = podsOf(replicaSet).size();
        ObjectNode patch = NODES.objectNode();
        patch.putObject("spec").put("replicas", replicas);
        ((ObjectNode) deployment.get("spec")).put("replicas", replicas);
        bumpGeneration(deployment);
        recorder.patch(
                Actor.kubectl(),
                deployment,
                "scale",
                patch,
                scale(replicas, current),
                "?fieldManager=kubectl-scale");
        recorder.after(3, 15);
        setReplicas(replicaSet, replicas);
        if (replicas > current) {
            startPods(replicaSet, replicas - current);
        } else {
            removePods(replicaSet, current - replicas);
        }
        finishRollout(replicaSet);
    }

    /** kubectl set image: a new ReplicaSet takes over one Pod at a time (maxSurge 1). */
    private void updateImage(String image) {
        ObjectFactory.setImage(deployment, image);
        bumpGeneration(deployment);
        ObjectNode patch = NODES.objectNode();
        ObjectNode container =
                patch.putObject("spec")
                        .putObject("template")
                        .putObject("spec")
                        .putArray("containers")
                        .addObject();
        container.put("name", ObjectFactory.name(deployment)).put("image", image);
        recorder.patch(Actor.kubectl(), deployment, "", patch, null, "?fieldManager=kubectl-set");
        ObjectNode old = newest();
        int total = podsOf(old).size();
        recorder.after(3, 15);
        ObjectNode next = newReplicaSet(1);
        recorder.after(2, 10);
        deploymentStatus(total);
        for (int moved = 1; moved <= total; moved++) {
            startPods(next, 1);
            recorder.after(5, 30);
            setReplicas(old, total - moved);
            long scaledDownAt = recorder.now();
            removePods(old, 1);
            recorder.setClock(scaledDownAt);
            recorder.after(10, 25);
            if (moved < total) {
                setReplicas(next, moved + 1);
            }
        }
        finishRollout(next);
    }

    private void delete() {
        recorder.delete(Actor.kubectl(), deployment, "Background", Deletion.GONE);
        recorder.after(10, 100);
        for (ReplicaSetPods owned : replicaSets) {
            recorder.delete(GARBAGE_COLLECTOR, owned.replicaSet(), "Background", Deletion.GONE);
            recorder.after(5, 50);
            long removedAt = recorder.now();
            long lastDone = removedAt;
            for (RunningPod running : owned.pods()) {
                recorder.setClock(removedAt);
                recorder.after(1, 20);
                pods.remove(GARBAGE_COLLECTOR, running.pod(), running.node(), "Background");
                lastDone = Math.max(lastDone, recorder.now());
            }
            recorder.setClock(lastDone);
        }
    }

    /** Pods created side by side, each scheduled and started on its own time line. */
    private void startPods(ObjectNode replicaSet, int count) {
        long start = recorder.now();
        long lastReady = start;
        for (int i = 0; i < count; i++) {
            recorder.setClock(start + i * 3_000_000L);
            recorder.after(1, 5);
            ObjectNode pod =
                    pods.create(
                            REPLICASET_CONTROLLER,
                            replicaSet,
                            ObjectFactory.name(replicaSet)
                                    + "-"
                                    + recorder.names().generatedSuffix(),
                            true);
            recorder.kubeEvent(
                    replicaSet,
                    "SuccessfulCreate",
                    "Normal",
                    "Created pod: " + ObjectFactory.name(pod),
                    "replicaset-controller",
                    "");
            SimulatedNode node = pods.scheduleAndStart(pod);
            podsOf(replicaSet).add(new RunningPod(pod, node));
            lastReady = Math.max(lastReady, recorder.now());
        }
        recorder.setClock(lastReady);
    }

    /** The newest Pods removed by the replicaset controller, side by side. */
    private void removePods(ObjectNode replicaSet, int count) {
        List<RunningPod> running = podsOf(replicaSet);
        long start = recorder.now();
        long lastGone = start;
        for (int i = 0; i < count; i++) {
            RunningPod victim = running.remove(running.size() - 1);
            recorder.setClock(start + i * 2_000_000L);
            recorder.after(1, 5);
            pods.remove(REPLICASET_CONTROLLER, victim.pod(), victim.node(), "");
            recorder.kubeEvent(
                    replicaSet,
                    "SuccessfulDelete",
                    "Normal",
                    "Deleted pod: " + ObjectFactory.name(victim.pod()),
                    "replicaset-controller",
                    "");
            lastGone = Math.max(lastGone, recorder.now());
        }
        recorder.setClock(lastGone);
    }

    private void finishRollout(ObjectNode replicaSet) {
        recorder.after(5, 30);
        int ready = podsOf(replicaSet).size();
        ObjectNode status = (ObjectNode) replicaSet.get("status");
        status.put("replicas", ready).put("readyReplicas", ready).put("availableReplicas", ready);
        status.put("observedGeneration", replicaSet.path("metadata").path("generation").asInt());
        recorder.update(REPLICASET_CONTROLLER, replicaSet, "status");
        recorder.after(5, 30);
        deploymentStatus(ready);
    }

    private void setReplicas(ObjectNode replicaSet, int replicas) {
        int before = replicaSet.path("spec").path("replicas").asInt();
        ((ObjectNode) replicaSet.get("spec")).put("replicas", replicas);
        bumpGeneration(replicaSet);
        recorder.update(DEPLOYMENT_CONTROLLER, replicaSet, "");
        scalingEvent(replicas > before ? "up" : "down", replicaSet, replicas);
    }

    private void scalingEvent(String direction, ObjectNode replicaSet, int replicas) {
        recorder.kubeEvent(
                deployment,
                "ScalingReplicaSet",
                "Normal",
                "Scaled "
                        + direction
                        + " replica set "
                        + ObjectFactory.name(replicaSet)
                        + " to "
                        + replicas,
                "deployment-controller",
                "");
    }

    private void deploymentStatus(int available) {
        ObjectNode status = (ObjectNode) deployment.get("status");
        status.put("observedGeneration", deployment.path("metadata").path("generation").asInt());
        status.put("replicas", available).put("updatedReplicas", available);
        status.put("readyReplicas", available).put("availableReplicas", available);
        recorder.update(DEPLOYMENT_CONTROLLER, deployment, "status");
    }

    private ObjectNode newest() {
        return replicaSets.get(replicaSets.size() - 1).replicaSet();
    }

    private List<RunningPod> podsOf(ObjectNode replicaSet) {
        for (ReplicaSetPods owned : replicaSets) {
            if (owned.replicaSet() == replicaSet) {
                return owned.pods();
            }
        }
        throw new IllegalStateException("not a ReplicaSet of this Deployment");
    }

    /** A ReplicaSet's body (which changes as it is scaled) and its running Pods. */
    private record ReplicaSetPods(ObjectNode replicaSet, List<RunningPod> pods) {}

    private ObjectNode scale(int replicas, int current) {
        ObjectNode scale = NODES.objectNode();
        scale.put("kind", "Scale").put("apiVersion", "autoscaling/v1");
        scale.putObject("metadata")
                .put("name", ObjectFactory.name(deployment))
                .put("namespace", ObjectFactory.namespace(deployment))
                .put("uid", ObjectFactory.uid(deployment));
        scale.putObject("spec").put("replicas", replicas);
        scale.putObject("status").put("replicas", current);
        return scale;
    }

    private static void bumpGeneration(ObjectNode object) {
        ObjectNode metadata = ObjectFactory.metadata(object);
        metadata.put("generation", metadata.path("generation").asInt() + 1);
    }
}
