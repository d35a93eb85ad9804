package io.kubetrace.gateway;

import java.util.Optional;

/**
 * One audit webhook request as the server received it: what {@link AuditWebhook} decides on, with
 * no socket behind it.
 *
 * @param pathCluster the decoded {@code {cluster}} of {@code POST /audit/{cluster}}
 * @param clientAddress the peer's IP address
 * @param authorization the {@code Authorization} header
 * @param clientCertificateName the CN of a client certificate the TLS layer verified
 * @param body the request body, empty when it was too large to read
 * @param bodyTooLarge whether the body was over the limit (the server stops reading there)
 */
public record AuditRequest(
        Optional<String> pathCluster,
        String clientAddress,
        Optional<String> authorization,
        Optional<String> clientCertificateName,
        byte[] body,
        boolean bodyTooLarge) {}
