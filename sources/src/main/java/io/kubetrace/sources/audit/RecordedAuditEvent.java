package io.kubetrace.sources.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubetrace.model.ParsedAudit;
import io.kubetrace.model.Rejection;

/**
 * One audit event read from an input: the {@code audit.k8s.io} Event as kube-apiserver recorded it,
 * out of any GKE or AKS envelope, and what the parser made of it. Replaying a log needs the first,
 * tracing it the second.
 *
 * @param event the event's JSON object, {@code null} when it was rejected
 * @param parsed the parsed record, or why the input was rejected
 */
public record RecordedAuditEvent(JsonNode event, ParsedAudit parsed) {

    static RecordedAuditEvent rejected(Rejection rejection) {
        return new RecordedAuditEvent(null, ParsedAudit.rejected(rejection));
    }

    public boolean isRejected() {
        return parsed.isRejected();
    }
}
