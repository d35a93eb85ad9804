package io.kubetrace.jobs.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubetrace.jobs.simulate.ScenarioRecorder.Deletion;
import io.kubetrace.model.KubeTime;
import java.util.List;

/**
 * What happens to a Pod between its controller and the kubelet, in the order a real cluster does
 * it: the controller creates it, the scheduler binds it, the kubelet reports it starting, running,
 * finishing or stopping, and deletes it for good.
 */
final class PodActions {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ScenarioRecorder recorder;
    private final List<SimulatedNode> nodes;

    PodActions(ScenarioRecorder recorder, List<SimulatedNode> nodes) {
        this.recorder = recorder;
        this.nodes = nodes;
    }

    /** A Pod of {@code owner} created by {@code controller}, with a generated or fixed name. */
    ObjectNode create(Actor controller, ObjectNode owner, String name, boolean generatedName) {
        ObjectNode pod =
                ObjectFactory.pod(
                        owner,
                        name,
                        generatedName ? ObjectFactory.name(owner) + "-" : "",
                        recorder.names().uid(),
                        recorder.now());
        recorder.create(controller, pod, generatedName, "");
        return pod;
    }

    /** Scheduling and start-up until the Pod is Ready; returns the node it runs on. */
    SimulatedNode scheduleAndStart(ObjectNode pod) {
        SimulatedNode node = nodes.get(recorder.random().nextInt(nodes.size()));
        recorder.after(5, 40);
        ((ObjectNode) pod.get("spec")).put("nodeName", node.name());
        recorder.bind(pod, node);
        recorder.kubeEvent(
                pod,
                "Scheduled",
                "Normal",
                "Successfully assigned "
                        + ObjectFactory.namespace(pod)
                        + "/"
                        + ObjectFactory.name(pod)
                        + " to "
                        + node.name(),
                "default-scheduler",
                "");

        recorder.after(400, 1500);
        ObjectNode status = (ObjectNode) pod.get("status");
        status.put("hostIP", node.ip()).put("startTime", KubeTime.formatSeconds(recorder.now()));
        status.set("conditions", conditions(pod, "False"));
        status.set("containerStatuses", containerStatus(pod, "waiting", false));
        patchStatus(pod, node);
        String image = ObjectFactory.image(pod);
        kubeletEvent(pod, node, "Pulling", "Pulling image \"" + image + "\"");

        recorder.after(1000, 6000);
        kubeletEvent(pod, node, "Pulled", "Successfully pulled image \"" + image + "\"");
        kubeletEvent(pod, node, "Created", "Created container " + containerName(pod));
        kubeletEvent(pod, node, "Started", "Started container " + containerName(pod));
        status.put("phase", "Running").put("podIP", podIp());
        status.set("conditions", conditions(pod, "True"));
        status.set("containerStatuses", containerStatus(pod, "running", true));
        patchStatus(pod, node);
        return node;
    }

    /** A Pod whose container exited 0, as a Job's does. */
    void succeed(ObjectNode pod, SimulatedNode node) {
        recorder.after(2000, 10000);
        ObjectNode status = (ObjectNode) pod.get("status");
        status.put("phase", "Succeeded");
        status.set("conditions", conditions(pod, "False"));
        status.set("containerStatuses", containerStatus(pod, "terminated", false));
        patchStatus(pod, node);
    }

    /** A delete by {@code deleter}, then the kubelet stopping the Pod and removing it. */
    void remove(Actor deleter, ObjectNode pod, SimulatedNode node, String propagation) {
        ObjectFactory.markDeleted(pod, recorder.now(), 30);
        recorder.delete(deleter, pod, propagation, Deletion.GRACEFUL);
        kubeletEvent(pod, node, "Killing", "Stopping container " + containerName(pod));
        recorder.after(300, 2000);
        ObjectNode status = (ObjectNode) pod.get("status");
        status.set("conditions", conditions(pod, "False"));
        status.set("containerStatuses", containerStatus(pod, "terminated", false));
        patchStatus(pod, node);
        recorder.after(20, 200);
        recorder.delete(Actor.kubelet(node), pod, "", Deletion.GONE_WITH_OBJECT);
    }

    private void kubeletEvent(ObjectNode pod, SimulatedNode node, String reason, String message) {
        recorder.kubeEvent(pod, reason, "Normal", message, "kubelet", node.name());
    }

    private static String containerName(ObjectNode pod) {
        return pod.path("spec").path("containers").path(0).path("name").asText();
    }

    private void patchStatus(ObjectNode pod, SimulatedNode node) {
        ObjectNode patch = NODES.objectNode();
        patch.putObject("metadata").put("uid", ObjectFactory.uid(pod));
        patch.set("status", pod.get("status").deepCopy());
        recorder.patch(Actor.kubelet(node), pod, "status", patch, null, "");
    }

    /** The Pod's conditions; a condition keeps its transition time while its status holds. */
    private ArrayNode conditions(ObjectNode pod, String ready) {
        JsonNode before = pod.path("status").path("conditions");
        ArrayNode list = NODES.arrayNode();
        for (String type :
                new String[] {"PodScheduled", "Initialized", "ContainersReady", "Ready"}) {
            String value =
                    type.equals("PodScheduled") || type.equals("Initialized") ? "True" : ready;
            String since = KubeTime.formatSeconds(recorder.now());
            for (JsonNode condition : before) {
                if (condition.path("type").asText().equals(type)
                        && condition.path("status").asText().equals(value)) {
                    since = condition.path("lastTransitionTime").asText();
                }
            }
            list.addObject()
                    .put("type", type)
                    .put("status", value)
                    .put("lastTransitionTime", since);
        }
        return list;
    }

    private ArrayNode containerStatus(ObjectNode pod, String state, boolean ready) {
        ArrayNode statuses = NODES.arrayNode();
        ObjectNode container = (ObjectNode) pod.path("spec").path("containers").get(0);
        ObjectNode status = statuses.addObject();
        status.put("name", container.path("name").asText());
        status.put("image", container.path("image").asText());
        status.put("ready", ready).put("started", state.equals("running"));
        status.put("restartCount", 0);
        ObjectNode stateNode = status.putObject("state").putObject(state);
        switch (state) {
            case "waiting" -> stateNode.put("reason", "ContainerCreating");
            case "running" -> stateNode.put("startedAt", KubeTime.formatSeconds(recorder.now()));
            default -> stateNode.put("exitCode", 0).put("reason", "Completed");
        }
        return statuses;
    }

    private String podIp() {
        return "10.244."
                + recorder.random().nextInt(4)
                + "."
                + (2 + recorder.random().nextInt(250));
    }
}
