package io.kubetrace.gateway;

/** A request that stops at one of the webhook's checks, with the one line its client is told. */
final class RequestRejected extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final Rejection rejection;

    RequestRejected(Rejection rejection, String message) {
        super(message, null, false, false);
        this.rejection = rejection;
    }
}
