package io.kubetrace.gateway;

import java.util.Optional;

/**
 * Decides whether a request proved who sent it: a client certificate the TLS layer verified against
 * the client CA, or a bearer token from the token file. With neither configured, every request is
 * let through.
 */
final class Authenticator {

    private static final String BEARER = "Bearer ";

    private final Optional<BearerTokens> tokens;
    private final boolean clientCertificates;

    Authenticator(Optional<BearerTokens> tokens, boolean clientCertificates) {
        this.tokens = tokens;
        this.clientCertificates = clientCertificates;
    }

    /**
     * Returns when the request is authenticated; throws {@link RequestRejected} (401) otherwise.
     */
    void check(AuditRequest request) {
        if (tokens.isEmpty() && !clientCertificates) {
            return;
        }
        if (clientCertificates && request.clientCertificateName().isPresent()) {
            return;
        }
        if (tokens.isEmpty()) {
            throw new RequestRejected(Rejection.UNAUTHENTICATED, "client certificate required");
        }
        String header = request.authorization().orElse("");
        if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new RequestRejected(
                    Rejection.UNAUTHENTICATED,
                    clientCertificates
                            ? "bearer token or client certificate required"
                            : "bearer token required");
        }
        if (!tokens.get().accepts(header.substring(BEARER.length()).trim())) {
            throw new RequestRejected(Rejection.UNAUTHENTICATED, "invalid bearer token");
        }
    }
}
