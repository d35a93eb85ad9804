package io.kubetrace.model;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What kubetrace knows about Kubernetes resources without asking a cluster: the kind of each
 * built-in resource, the resource of each built-in kind, and which API groups are built in. Audit
 * events name resources, owner references name kinds; traces need both.
 */
public final class KubeResources {

    private static final Map<String, String> KIND_BY_RESOURCE =
            Map.ofEntries(
                    Map.entry("/pods", "Pod"),
                    Map.entry("/services", "Service"),
                    Map.entry("/configmaps", "ConfigMap"),
                    Map.entry("/secrets", "Secret"),
                    Map.entry("/serviceaccounts", "ServiceAccount"),
                    Map.entry("/namespaces", "Namespace"),
                    Map.entry("/nodes", "Node"),
                    Map.entry("/persistentvolumes", "PersistentVolume"),
                    Map.entry("/persistentvolumeclaims", "PersistentVolumeClaim"),
                    Map.entry("/endpoints", "Endpoints"),
                    Map.entry("/events", "Event"),
                    Map.entry("/replicationcontrollers", "ReplicationController"),
                    Map.entry("/limitranges", "LimitRange"),
                    Map.entry("/resourcequotas", "ResourceQuota"),
                    Map.entry("/podtemplates", "PodTemplate"),
                    Map.entry("apps/deployments", "Deployment"),
                    Map.entry("apps/replicasets", "ReplicaSet"),
                    Map.entry("apps/statefulsets", "StatefulSet"),
                    Map.entry("apps/daemonsets", "DaemonSet"),
                    Map.entry("apps/controllerrevisions", "ControllerRevision"),
                    Map.entry("batch/jobs", "Job"),
                    Map.entry("batch/cronjobs", "CronJob"),
                    Map.entry("autoscaling/horizontalpodautoscalers", "HorizontalPodAutoscaler"),
                    Map.entry("policy/poddisruptionbudgets", "PodDisruptionBudget"),
                    Map.entry("networking.k8s.io/ingresses", "Ingress"),
                    Map.entry("networking.k8s.io/ingressclasses", "IngressClass"),
                    Map.entry("networking.k8s.io/networkpolicies", "NetworkPolicy"),
                    Map.entry("discovery.k8s.io/endpointslices", "EndpointSlice"),
                    Map.entry("coordination.k8s.io/leases", "Lease"),
                    Map.entry("events.k8s.io/events", "Event"),
                    Map.entry("rbac.authorization.k8s.io/roles", "Role"),
                    Map.entry("rbac.authorization.k8s.io/rolebindings", "RoleBinding"),
                    Map.entry("rbac.authorization.k8s.io/clusterroles", "ClusterRole"),
                    Map.entry(
                            "rbac.authorization.k8s.io/clusterrolebindings", "ClusterRoleBinding"),
                    Map.entry("storage.k8s.io/storageclasses", "StorageClass"),
                    Map.entry("storage.k8s.io/volumeattachments", "VolumeAttachment"),
                    Map.entry("storage.k8s.io/csinodes", "CSINode"),
                    Map.entry("storage.k8s.io/csidrivers", "CSIDriver"),
                    Map.entry(
                            "apiextensions.k8s.io/customresourcedefinitions",
                            "CustomResourceDefinition"),
                    Map.entry(
                            "admissionregistration.k8s.io/validatingwebhookconfigurations",
                            "ValidatingWebhookConfiguration"),
                    Map.entry(
                            "admissionregistration.k8s.io/mutatingwebhookconfigurations",
                            "MutatingWebhookConfiguration"),
                    Map.entry("scheduling.k8s.io/priorityclasses", "PriorityClass"),
                    Map.entry(
                            "certificates.k8s.io/certificatesigningrequests",
                            "CertificateSigningRequest"));

    private static final Map<String, String> RESOURCE_BY_KIND = reversed(KIND_BY_RESOURCE);

    /** Resources that moved out of the retired {@code extensions} group, and where they went. */
    private static final Map<String, String> GROUP_OF_EXTENSIONS_RESOURCE =
            Map.of(
                    "deployments", "apps",
                    "replicasets", "apps",
                    "daemonsets", "apps",
                    "ingresses", "networking.k8s.io",
                    "networkpolicies", "networking.k8s.io",
                    "podsecuritypolicies", "policy");

    private static final Set<String> BUILT_IN_GROUPS =
            Set.of("", "apps", "batch", "autoscaling", "policy", "extensions");

    private KubeResources() {}

    /** The kind of a resource, or {@code ""} when kubetrace does not know the resource. */
    public static String kindOf(String group, String resource) {
        return KIND_BY_RESOURCE.getOrDefault(group + '/' + resource, "");
    }

    /**
     * The resource of a kind: the built-in one when the kind is built in, else the guess Kubernetes
     * itself makes for unknown kinds (lowercase, then {@code s}, {@code es} or {@code ies}).
     */
    public static String resourceOf(String group, String kind) {
        String builtIn = RESOURCE_BY_KIND.get(group + '/' + kind);
        if (builtIn != null) {
            return builtIn;
        }
        String lower = kind.toLowerCase(Locale.ROOT);
        if (lower.endsWith("s")) {
            return lower + "es";
        }
        if (lower.endsWith("y")) {
            return lower.substring(0, lower.length() - 1) + "ies";
        }
        return lower + "s";
    }

    /**
     * The group a resource is served from today: objects written through the retired {@code
     * extensions} group are the same objects as those of {@code apps} or {@code networking.k8s.io},
     * and must land in the same trace.
     */
    public static String currentGroup(String group, String resource) {
        if (group.equals("extensions")) {
            return GROUP_OF_EXTENSIONS_RESOURCE.getOrDefault(resource, group);
        }
        return group;
    }

    /** Whether a group is part of Kubernetes itself rather than a custom resource definition. */
    public static boolean isBuiltInGroup(String group) {
        return BUILT_IN_GROUPS.contains(group) || group.endsWith(".k8s.io");
    }

    /**
     * The service name Jaeger shows for an object's spans: the resource, with the group appended
     * for custom resources ({@code rollouts.argoproj.io}).
     */
    public static String serviceName(String group, String resource) {
        return isBuiltInGroup(group) ? resource : resource + '.' + group;
    }

    /**
     * The lowercase kind used in semantic-convention attribute names ({@code k8s.deployment.name}):
     * the kind when known, else the resource made singular.
     */
    public static String attributeKind(String kind, String resource) {
        if (!kind.isEmpty()) {
            return kind.toLowerCase(Locale.ROOT);
        }
        if (resource.endsWith("ies")) {
            return resource.substring(0, resource.length() - 3) + 'y';
        }
        if (resource.endsWith("sses") || resource.endsWith("xes")) {
            return resource.substring(0, resource.length() - 2);
        }
        if (resource.endsWith("s")) {
            return resource.substring(0, resource.length() - 1);
        }
        return resource;
    }

    private static Map<String, String> reversed(Map<String, String> kindByResource) {
        Map<String, String> resourceByKind = new HashMap<>();
        kindByResource.forEach(
                (groupResource, kind) -> {
                    String group = groupResource.substring(0, groupResource.indexOf('/'));
                    String resource = groupResource.substring(group.length() + 1);
                    resourceByKind.put(group + '/' + kind, resource);
                });
        return Map.copyOf(resourceByKind);
    }

    /** Splits an {@code apiVersion} such as {@code apps/v1} into group and version. */
    public static String[] splitApiVersion(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash < 0
                ? new String[] {"", apiVersion}
                : new String[] {apiVersion.substring(0, slash), apiVersion.substring(slash + 1)};
    }
}
