package io.kubetrace.gateway;

/** The status and one-line text the gateway answers an audit webhook request with. */
public record AuditResponse(int status, String message) {

    static AuditResponse stored(int events) {
        return new AuditResponse(200, "stored " + events + (events == 1 ? " event" : " events"));
    }

    static AuditResponse rejected(Rejection rejection, String message) {
        return new AuditResponse(rejection.status, message);
    }
}
