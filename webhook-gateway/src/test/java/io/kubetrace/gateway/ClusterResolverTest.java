package io.kubetrace.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClusterResolverTest {

    private final ClusterResolver clusters =
            new ClusterResolver(Set.of(), Map.of("10.0.0.7", "prod-eu"));

    @Test
    void namesTheClusterFromThePathFirst() {
        assertThat(clusters.resolve(request("kind-dev", "build-ci", "10.0.0.7")))
                .isEqualTo("kind-dev");
    }

    @Test
    void thenFromTheClientCertificate() {
        assertThat(clusters.resolve(request(null, "build-ci", "10.0.0.7"))).isEqualTo("build-ci");
    }

    @Test
    void thenFromTheAddressMap() {
        assertThat(clusters.resolve(request(null, null, "10.0.0.7"))).isEqualTo("prod-eu");
    }

    @Test
    void elseTheClientAddressItself() {
        assertThat(clusters.resolve(request(null, null, "192.168.99.1"))).isEqualTo("192.168.99.1");
        assertThat(clusters.resolve(request(null, null, "0:0:0:0:0:0:0:1")))
                .isEqualTo("0:0:0:0:0:0:0:1");
    }

    @Test
    void refusesANameThatIsNotAClusterName() {
        for (String name : new String[] {"", "a b", "eu/west", "x".repeat(254), "%zz"}) {
            assertThatThrownBy(() -> clusters.resolve(request(name, null, "10.0.0.1")))
                    .isInstanceOfSatisfying(
                            RequestRejected.class,
                            e -> assertThat(e.rejection).isEqualTo(Rejection.INVALID_CLUSTER))
                    .hasMessage(
                            "the cluster name from the path is not a cluster name: 1 to 253"
                                    + " letters, digits and . _ - : @");
        }
    }

    @Test
    void refusesAClusterOutsideTheAllowList() {
        ClusterResolver allowing = new ClusterResolver(Set.of("prod-eu"), Map.of());

        assertThat(allowing.resolve(request(null, "prod-eu", "10.0.0.1"))).isEqualTo("prod-eu");
        assertThatThrownBy(() -> allowing.resolve(request(null, "prod-us", "10.0.0.1")))
                .isInstanceOfSatisfying(
                        RequestRejected.class,
                        e -> assertThat(e.rejection).isEqualTo(Rejection.WRONG_CLUSTER))
                .hasMessage(
                        "cluster \"prod-us\" (from the client certificate's CN) is not in"
                                + " clusters.allow");
    }

    private static AuditRequest request(String path, String commonName, String address) {
        return new AuditRequest(
                Optional.ofNullable(path),
                address,
                Optional.empty(),
                Optional.ofNullable(commonName),
                new byte[0],
                false);
    }
}
