package io.kubetrace.jobs.simulate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubetrace.jobs.simulate.ScenarioRecorder.Deletion;
import java.util.ArrayList;
import java.util.List;

/**
 * A StatefulSet with ordered start-up: the statefulset controller records a ControllerRevision,
 * then creates {@code <name>-0}, waits for it to be Ready, then {@code <name>-1}, and so on; then,
 * unless it is kept, kubectl deletes it and the garbage collector its Pods and revision.
 */
final class StatefulSetLifecycle {

    private static final Actor STATEFULSET_CONTROLLER = Actor.controller("statefulset-controller");
    private static final Actor GARBAGE_COLLECTOR = Actor.controller("generic-garbage-collector");

    private final ScenarioRecorder recorder;
    private final PodActions pods;

    StatefulSetLifecycle(ScenarioRecorder recorder, PodActions pods) {
        this.recorder = recorder;
        this.pods = pods;
    }

    void run(String namespace, String name, int replicas, boolean keep) {
        ObjectNode statefulSet =
                ObjectFactory.statefulSet(
                        namespace,
                        name,
                        recorder.names().uid(),
                        recorder.now(),
                        replicas,
                        "postgres:16.2");
        recorder.create(
                Actor.kubectl(),
                statefulSet,
                false,
                "?fieldManager=kubectl-create&fieldValidation=Strict");
        recorder.after(3, 15);
        ObjectNode revision =
                ObjectFactory.controllerRevision(
                        statefulSet,
                        recorder.names().templateHash(),
                        recorder.names().uid(),
                        recorder.now());
        recorder.create(STATEFULSET_CONTROLLER, revision, false, "");
        List<RunningPod> running = new ArrayList<>();
        for (int ordinal = 0; ordinal < replicas; ordinal++) {
            recorder.after(3, 15);
            ObjectNode pod =
                    pods.create(STATEFULSET_CONTROLLER, statefulSet, name + "-" + ordinal, false);
            recorder.kubeEvent(
                    statefulSet,
                    "SuccessfulCreate",
                    "Normal",
                    "create Pod "
                            + ObjectFactory.name(pod)
                            + " in StatefulSet "
                            + name
                            + " successful",
                    "statefulset-controller",
                    "");
            SimulatedNode node = pods.scheduleAndStart(pod);
            running.add(new RunningPod(pod, node));
            recorder.after(5, 30);
            ObjectNode status = (ObjectNode) statefulSet.get("status");
            status.put("replicas", ordinal + 1).put("readyReplicas", ordinal + 1);
            status.put("currentReplicas", ordinal + 1).put("observedGeneration", 1);
            recorder.update(STATEFULSET_CONTROLLER, statefulSet, "status");
        }
        if (keep) {
            return;
        }
        recorder.after(20_000, 60_000);
        recorder.delete(Actor.kubectl(), statefulSet, "Background", Deletion.GONE);
        recorder.after(10, 100);
        long removedAt = recorder.now();
        long lastDone = removedAt;
        for (RunningPod pod : running) {
            recorder.setClock(removedAt);
            recorder.after(1, 20);
            pods.remove(GARBAGE_COLLECTOR, pod.pod(), pod.node(), "Background");
            lastDone = Math.max(lastDone, recorder.now());
        }
        recorder.setClock(lastDone);
        recorder.after(5, 50);
        recorder.delete(GARBAGE_COLLECTOR, revision, "Background", Deletion.GONE);
    }
}
