package io.kubetrace.gateway;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Names the cluster a request comes from, by DESIGN §7: the path's {@code {cluster}}, else the
 * client certificate's CN, else the client's IP through {@code clusters.by-ip}, else the IP itself;
 * then holds the name to {@code clusters.allow}.
 */
final class ClusterResolver {

    static final String NAME_RULE = "a cluster name: 1 to 253 letters, digits and . _ - : @";

    // No '/': the Kafka key is cluster/namespace, and the job splits it at the first '/'.
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:@-]{1,253}");

    private final Set<String> allowed;
    private final Map<String, String> byIp;

    ClusterResolver(Set<String> allowed, Map<String, String> byIp) {
        this.allowed = Set.copyOf(allowed);
        this.byIp = Map.copyOf(byIp);
    }

    static boolean isValidName(String name) {
        return NAME.matcher(name).matches();
    }

    /** The cluster's name, or {@link RequestRejected} when it is not a name or not allowed. */
    String resolve(AuditRequest request) {
        String name;
        String source;
        if (request.pathCluster().isPresent()) {
            name = request.pathCluster().get();
            source = "the path";
        } else if (request.clientCertificateName().isPresent()) {
            name = request.clientCertificateName().get();
            source = "the client certificate's CN";
        } else if (byIp.containsKey(request.clientAddress())) {
            name = byIp.get(request.clientAddress());
            source = "clusters.by-ip";
        } else {
            name = request.clientAddress();
            source = "the client address";
        }
        if (!isValidName(name)) {
            throw new RequestRejected(
                    Rejection.INVALID_CLUSTER,
                    "the cluster name from " + source + " is not " + NAME_RULE);
        }
        if (!allowed.isEmpty() && !allowed.contains(name)) {
            throw new RequestRejected(
                    Rejection.WRONG_CLUSTER,
                    "cluster \"" + name + "\" (from " + source + ") is not in clusters.allow");
        }
        return name;
    }
}
