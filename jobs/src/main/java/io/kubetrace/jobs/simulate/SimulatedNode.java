package io.kubetrace.jobs.simulate;

/** A node Pods are scheduled to. */
record SimulatedNode(String name, String ip) {}
