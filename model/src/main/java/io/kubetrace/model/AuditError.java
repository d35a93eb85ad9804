package io.kubetrace.model;

import java.util.List;

/**
 * Why kube-apiserver refused or failed a request, from the audit event's {@code responseStatus}.
 *
 * @param reason the machine-readable reason, such as {@code Conflict} or {@code NotFound}
 * @param message the human-readable message
 * @param causes one line per cause in {@code details.causes}: {@code field: message (reason)}
 */
public record AuditError(String reason, String message, List<String> causes) {}
