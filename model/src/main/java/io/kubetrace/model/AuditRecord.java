package io.kubetrace.model;

import java.util.List;

/**
 * One kube-apiserver audit event that changed (or tried to change) an object, reduced to what a
 * trace shows. Bodies are not carried whole: what the linker needs (the parent) and what a span
 * shows (a creation or deletion snapshot) are extracted when the event is parsed.
 *
 * @param cluster the cluster the event came from
 * @param auditId the audit ID kube-apiserver gave the request
 * @param stage the audit stage, such as {@code ResponseComplete}
 * @param level the audit level: {@code Metadata}, {@code Request} or {@code RequestResponse}
 * @param verb the request verb, such as {@code create} or {@code patch}
 * @param subresource the subresource, such as {@code status}, {@code ""} for the object itself
 * @param object the object the request was about
 * @param user the authenticated user name
 * @param impersonatedUser the impersonated user name, {@code ""} when none
 * @param userAgent the client's user agent
 * @param sourceIps the client IP followed by the proxies it came through
 * @param requestUri the request URI
 * @param responseCode the HTTP status code of the response, 0 when unknown
 * @param error why the request failed, for codes of 300 and above; {@code null} otherwise
 * @param resourceVersion the resourceVersion the request was based on, {@code ""} when none
 * @param newResourceVersion the resourceVersion of the object after the request, {@code ""} when
 *     the event has no response body
 * @param requestReceivedNanos when kube-apiserver received the request, epoch nanoseconds
 * @param stageNanos when the stage was reached, epoch nanoseconds; this is the event time
 * @param parentKnown whether the event carried the object's body, so {@link #parent} is known
 * @param parent the object's controlling parent, {@code null} when it has none or it is unknown
 * @param snapshot the object body after a create or before a delete (JSON), {@code ""} otherwise
 * @param nodeName the node a Pod is bound to, {@code ""} when not a Pod or unknown
 * @param apiserver the kube-apiserver that served the request, {@code ""} when unknown
 * @param source where the event was read: a file path, or a topic and partition
 * @param line the line it was read from (1-based), or the record offset for other sources
 */
public record AuditRecord(
        String cluster,
        String auditId,
        String stage,
        String level,
        String verb,
        String subresource,
        ObjectRef object,
        String user,
        String impersonatedUser,
        String userAgent,
        List<String> sourceIps,
        String requestUri,
        int responseCode,
        AuditError error,
        String resourceVersion,
        String newResourceVersion,
        long requestReceivedNanos,
        long stageNanos,
        boolean parentKnown,
        ObjectRef parent,
        String snapshot,
        String nodeName,
        String apiserver,
        String source,
        long line) {

    /** Event time in epoch milliseconds, as Flink timestamps and watermarks count it. */
    public long eventTimeMillis() {
        return Math.floorDiv(stageNanos, 1_000_000L);
    }

    /** The user a span names: the impersonated user when there is one, as Kelemetry does. */
    public String effectiveUser() {
        return impersonatedUser.isEmpty() ? user : impersonatedUser;
    }
}
