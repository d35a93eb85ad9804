package io.kubetrace.jobs.simulate;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A Pod the scheduler has placed, with the node whose kubelet reports on it. */
record RunningPod(ObjectNode pod, SimulatedNode node) {}
