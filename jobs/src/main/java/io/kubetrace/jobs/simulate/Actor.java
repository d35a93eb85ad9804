package io.kubetrace.jobs.simulate;

import java.util.List;

/**
 * A client of kube-apiserver as the audit log names it: the user, its groups, the user agent and
 * the address it calls from. The names are those a kubeadm or kind cluster of Kubernetes 1.29 uses.
 */
record Actor(String user, List<String> groups, String userAgent, String sourceIp) {

    private static final String BUILD = "v1.29.2 (linux/amd64) kubernetes/4b8e819";
    private static final String CONTROL_PLANE_IP = "172.18.0.2";

    static Actor kubectl() {
        return new Actor(
                "kubernetes-admin",
                List.of("system:masters", "system:authenticated"),
                "kubectl/" + BUILD,
                "172.18.0.1");
    }

    /** A kube-controller-manager controller such as {@code replicaset-controller}. */
    static Actor controller(String name) {
        String account = "system:serviceaccount:kube-system:" + name;
        return new Actor(
                account,
                List.of(
                        "system:serviceaccounts",
                        "system:serviceaccounts:kube-system",
                        "system:authenticated"),
                "kube-controller-manager/" + BUILD + "/" + account,
                CONTROL_PLANE_IP);
    }

    static Actor scheduler() {
        return new Actor(
                "system:kube-scheduler",
                List.of("system:authenticated"),
                "kube-scheduler/" + BUILD + "/scheduler",
                CONTROL_PLANE_IP);
    }

    static Actor kubelet(SimulatedNode node) {
        return new Actor(
                "system:node:" + node.name(),
                List.of("system:nodes", "system:authenticated"),
                "kubelet/" + BUILD,
                node.ip());
    }
}
