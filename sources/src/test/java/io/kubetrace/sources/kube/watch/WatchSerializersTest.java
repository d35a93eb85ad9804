package io.kubetrace.sources.kube.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WatchSerializersTest {

    private static final ClusterConnection KUBECONFIG =
            ClusterConnection.ofContext(
                    "/etc/kubetrace/kubeconfig", "arn:aws:eks:eu-west-1:1:cluster/prod");
    private static final ClusterConnection URL =
            ClusterConnection.ofUrl("test", "http://localhost:8001/");
    private static final WatchedResource DEPLOYMENTS =
            new WatchedResource("apps", "v1", "deployments");

    @Test
    void splitsComeBackWithTheirPosition() throws IOException {
        List<KubeWatchSplit> splits =
                List.of(
                        KubeWatchSplit.fresh(KUBECONFIG, DEPLOYMENTS),
                        KubeWatchSplit.fresh(URL, DEPLOYMENTS).at(WatchPosition.listing("812", 37)),
                        KubeWatchSplit.fresh(URL, new WatchedResource("", "v1", "events"))
                                .at(WatchPosition.watching("9001")));
        KubeWatchSplitSerializer serializer = KubeWatchSplitSerializer.INSTANCE;

        for (KubeWatchSplit split : splits) {
            KubeWatchSplit copy =
                    serializer.deserialize(serializer.getVersion(), serializer.serialize(split));
            assertThat(copy).isEqualTo(split);
            assertThat(copy.splitId()).isEqualTo(split.splitId());
        }
    }

    @Test
    void enumeratorStateComesBack() throws IOException {
        WatchEnumeratorState state =
                new WatchEnumeratorState(
                        Set.of("prod:apps/v1/deployments", "prod:v1/pods"),
                        List.of(
                                KubeWatchSplit.fresh(URL, DEPLOYMENTS)
                                        .at(WatchPosition.watching("5"))));
        WatchEnumeratorStateSerializer serializer = WatchEnumeratorStateSerializer.INSTANCE;

        WatchEnumeratorState copy =
                serializer.deserialize(serializer.getVersion(), serializer.serialize(state));

        assertThat(copy).isEqualTo(state);
    }

    @Test
    void refusesVersionsItDoesNotKnow() {
        assertThatThrownBy(() -> KubeWatchSplitSerializer.INSTANCE.deserialize(2, new byte[0]))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(
                        () -> WatchEnumeratorStateSerializer.INSTANCE.deserialize(2, new byte[0]))
                .isInstanceOf(IOException.class);
    }
}
