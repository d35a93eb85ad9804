package io.kubetrace.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.kubetrace.jobs.deploy.Manifests;
import io.kubetrace.sources.kube.watch.ClusterConnection;
import io.kubetrace.sources.kube.watch.WatchedResource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RBAC of k8s/job/rbac.yaml grants the job's service account what it needs and nothing more:
 * list and watch on the resources its settings watch, and in its namespace what the JobManager
 * needs in native Kubernetes mode with Kubernetes HA.
 */
class RbacManifestTest {

    private static final Set<String> LIST_AND_WATCH = Set.of("list", "watch");

    /**
     * The operator's Helm chart gives its {@code flink} role these (with {@code *}): the JobManager
     * manages its TaskManager pods, owned by its Deployment, and keeps HA state in ConfigMaps.
     */
    private static final Map<String, Set<String>> FLINK_RESOURCES =
            Map.of(
                    "", Set.of("pods", "configmaps"),
                    "apps", Set.of("deployments", "deployments/finalizers"));

    private static final Set<String> ALL_VERBS =
            Set.of(
                    "get",
                    "list",
                    "watch",
                    "create",
                    "update",
                    "patch",
                    "delete",
                    "deletecollection");

    @TempDir Path directory;

    @Test
    void theClusterRoleListsAndWatchesExactlyWhatTheJobWatches() throws Exception {
        Configuration settings = DeployedRun.settings(directory);
        List<ClusterConnection> clusters = WatchTargets.clusters(settings);
        Map<String, Set<String>> watched = new TreeMap<>();
        for (WatchedResource resource : WatchTargets.resources(settings, clusters)) {
            watched.computeIfAbsent(resource.group(), group -> new TreeSet<>())
                    .add(resource.resource());
        }

        JsonNode clusterRole = Manifests.resource("ClusterRole", "kubetrace-watch");

        assertThat(watched).isNotEmpty();
        assertThat(granted(clusterRole, LIST_AND_WATCH)).isEqualTo(watched);
    }

    @Test
    void theRoleGivesTheJobManagerWhatTheOperatorsFlinkRoleGives() {
        JsonNode role = Manifests.resource("Role", "kubetrace-flink");

        assertThat(granted(role, ALL_VERBS)).isEqualTo(new TreeMap<>(FLINK_RESOURCES));
    }

    @Test
    void aRuleWithAnotherVerbOrAWildcardIsFound() {
        JsonNode clusterRole = Manifests.resource("ClusterRole", "kubetrace-watch").deepCopy();
        JsonNode rules = clusterRole.path("rules");
        ((ArrayNode) rules.get(0).path("verbs")).add("get");

        assertThat(problems(clusterRole, LIST_AND_WATCH))
                .containsExactly("rule 0: verbs [get, list, watch]");

        ((ArrayNode) rules.get(1).path("resources")).add("*");
        assertThat(problems(clusterRole, LIST_AND_WATCH)).contains("rule 1: a wildcard");
    }

    @Test
    void bothAreBoundToTheServiceAccountTheFlinkDeploymentRunsAs() {
        String serviceAccount =
                DeployedRun.flinkDeployment().path("spec").path("serviceAccount").asText();
        String namespace = Manifests.kustomization().path("namespace").asText();

        assertThat(Manifests.resource("ServiceAccount", serviceAccount)).isNotNull();
        assertThat(binding("RoleBinding", "kubetrace-flink", "Role"))
                .containsExactly(serviceAccount + "@");
        // A ClusterRoleBinding names the namespace of its service account itself.
        assertThat(binding("ClusterRoleBinding", "kubetrace-watch", "ClusterRole"))
                .containsExactly(serviceAccount + "@" + namespace);
    }

    /** The subjects of the binding, as {@code name@namespace}, once it refers to its role. */
    private static List<String> binding(String kind, String name, String roleKind) {
        JsonNode binding = Manifests.resource(kind, name);
        assertThat(binding.path("roleRef").path("kind").asText()).isEqualTo(roleKind);
        assertThat(binding.path("roleRef").path("name").asText()).isEqualTo(name);
        List<String> subjects = new ArrayList<>();
        for (JsonNode subject : binding.path("subjects")) {
            assertThat(subject.path("kind").asText()).isEqualTo("ServiceAccount");
            subjects.add(subject.path("name").asText() + "@" + subject.path("namespace").asText());
        }
        return subjects;
    }

    /** The resources by API group that the role's rules grant, once every rule has these verbs. */
    private static Map<String, Set<String>> granted(JsonNode role, Set<String> verbs) {
        assertThat(problems(role, verbs)).isEmpty();
        Map<String, Set<String>> granted = new TreeMap<>();
        for (JsonNode rule : role.path("rules")) {
            for (JsonNode group : rule.path("apiGroups")) {
                for (JsonNode resource : rule.path("resources")) {
                    granted.computeIfAbsent(group.asText(), g -> new TreeSet<>())
                            .add(resource.asText());
                }
            }
        }
        return granted;
    }

    /** Rules that grant other verbs, use a wildcard, or reach beyond named resources. */
    private static List<String> problems(JsonNode role, Set<String> verbs) {
        List<String> problems = new ArrayList<>();
        int index = 0;
        for (JsonNode rule : role.path("rules")) {
            Set<String> ruleVerbs = new TreeSet<>();
            rule.path("verbs").forEach(verb -> ruleVerbs.add(verb.asText()));
            List<String> names = new ArrayList<>();
            rule.path("apiGroups").forEach(group -> names.add(group.asText()));
            rule.path("resources").forEach(resource -> names.add(resource.asText()));
            if (names.contains("*") || ruleVerbs.contains("*")) {
                problems.add("rule " + index + ": a wildcard");
            } else if (!ruleVerbs.equals(new TreeSet<>(verbs))) {
                problems.add("rule " + index + ": verbs " + ruleVerbs);
            }
            if (rule.has("resourceNames") || rule.has("nonResourceURLs")) {
                problems.add("rule " + index + ": resourceNames or nonResourceURLs");
            }
            index++;
        }
        return problems;
    }
}
