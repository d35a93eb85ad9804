package io.kubetrace.sources.kube.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterConnectionTest {

    @TempDir Path directory;

    @Test
    void namesAClusterAfterEachContextOfAKubeconfig() throws IOException {
        Path kubeconfig =
                Files.writeString(
                        directory.resolve("config"),
                        """
                        apiVersion: v1
                        kind: Config
                        current-context: kind-dev
                        clusters:
                        - name: kind-dev
                          cluster: {server: "https://127.0.0.1:6443"}
                        contexts:
                        - name: kind-dev
                          context: {cluster: kind-dev, user: kind-dev}
                        - name: arn:aws:eks:eu-west-1:1:cluster/prod
                          context: {cluster: kind-dev, user: kind-dev}
                        users:
                        - name: kind-dev
                          user: {token: secret}
                        """);

        assertThat(ClusterConnection.ofAllContexts(kubeconfig.toString()))
                .containsExactly(
                        new ClusterConnection("kind-dev", kubeconfig.toString(), "kind-dev", ""),
                        new ClusterConnection(
                                "arn:aws:eks:eu-west-1:1:cluster/prod",
                                kubeconfig.toString(),
                                "arn:aws:eks:eu-west-1:1:cluster/prod",
                                ""));
    }

    @Test
    void connectsToTheContextsServer() throws IOException {
        Path kubeconfig =
                Files.writeString(
                        directory.resolve("config"),
                        """
                        apiVersion: v1
                        kind: Config
                        current-context: a
                        clusters:
                        - name: a
                          cluster: {server: "https://a.example:6443"}
                        - name: b
                          cluster: {server: "https://b.example:6443"}
                        contexts:
                        - name: a
                          context: {cluster: a, user: u}
                        - name: b
                          context: {cluster: b, user: u}
                        users:
                        - name: u
                          user: {token: secret}
                        """);

        try (var client =
                KubeClients.connect(ClusterConnection.ofContext(kubeconfig.toString(), "b"))) {
            assertThat(client.getConfiguration().getMasterUrl())
                    .isEqualTo("https://b.example:6443/");
            assertThat(client.getConfiguration().getWatchReconnectLimit()).isZero();
        }
    }
}
