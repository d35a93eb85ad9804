package io.kubetrace.operators;

import io.kubetrace.model.AuditError;
import io.kubetrace.model.AuditRecord;
import io.kubetrace.model.KubeResources;
import io.kubetrace.model.ObjectRef;
import io.kubetrace.model.SpanAttribute;
import io.kubetrace.model.SpanEvent;
import io.kubetrace.model.SpanKind;
import io.kubetrace.model.SpanRecord;
import java.util.ArrayList;
import java.util.List;

/** Builds the spans of kubetrace's span model (names, attributes, events, status). */
final class SpanFactory {

    private SpanFactory() {}

    /** The span of an object: its subtree's activity, under its parent object's span. */
    static SpanRecord objectSpan(String traceId, ObjectActivity activity) {
        ObjectRef object = activity.object();
        List<SpanAttribute> attributes = new ArrayList<>();
        location(attributes, object);
        attributes.add(SpanAttribute.of("k8s.object.group", object.group()));
        attributes.add(SpanAttribute.of("k8s.object.version", object.version()));
        attributes.add(SpanAttribute.of("k8s.object.resource", object.resource()));
        attributes.add(SpanAttribute.of("k8s.object.name", object.name()));
        String kind = KubeResources.attributeKind(object.kind(), object.resource());
        attributes.add(SpanAttribute.of("k8s." + kind + ".name", object.name()));
        if (!object.uid().isEmpty()) {
            attributes.add(SpanAttribute.of("k8s.object.uid", object.uid()));
            attributes.add(SpanAttribute.of("k8s." + kind + ".uid", object.uid()));
        }
        if (!activity.nodeName().isEmpty()) {
            attributes.add(SpanAttribute.of("k8s.node.name", activity.nodeName()));
        }
        return new SpanRecord(
                traceId,
                TraceIds.objectSpanId(traceId, object.key()),
                activity.parentKey().isEmpty()
                        ? ""
                        : TraceIds.objectSpanId(traceId, activity.parentKey()),
                SpanKind.OBJECT,
                object.displayName(),
                KubeResources.serviceName(object.group(), object.resource()),
                object.cluster(),
                activity.startNanos(),
                activity.endNanos(),
                attributes,
                List.of(),
                false,
                "",
                List.of());
    }

    /** The span of an audited change, under its object's span. */
    static SpanRecord auditSpan(String traceId, AuditRecord audit) {
        ObjectRef object = audit.object();
        List<SpanAttribute> attributes = new ArrayList<>();
        location(attributes, object);
        attributes.add(SpanAttribute.of("audit.id", audit.auditId()));
        attributes.add(SpanAttribute.of("audit.verb", audit.verb()));
        attributes.add(SpanAttribute.of("audit.user", audit.user()));
        optional(attributes, "audit.impersonated_user", audit.impersonatedUser());
        attributes.add(SpanAttribute.of("audit.user_agent", audit.userAgent()));
        List<String> ips = audit.sourceIps();
        if (!ips.isEmpty()) {
            attributes.add(SpanAttribute.of("audit.source_ip", ips.get(0)));
        }
        if (ips.size() > 1) {
            attributes.add(
                    SpanAttribute.of(
                            "audit.proxy_ips", String.join(",", ips.subList(1, ips.size()))));
        }
        attributes.add(SpanAttribute.of("audit.response_code", audit.responseCode()));
        optional(attributes, "audit.resource_version", audit.resourceVersion());
        optional(attributes, "audit.new_resource_version", audit.newResourceVersion());
        optional(attributes, "audit.subresource", audit.subresource());
        optional(attributes, "audit.apiserver", audit.apiserver());
        optional(attributes, "audit.request_uri", audit.requestUri());
        optional(attributes, "audit.level", audit.level());

        long start = audit.requestReceivedNanos();
        long end = Math.max(audit.stageNanos(), start);
        List<SpanEvent> events = new ArrayList<>();
        if (!audit.snapshot().isEmpty()) {
            events.add(
                    new SpanEvent(
                            "snapshot",
                            end,
                            List.of(SpanAttribute.of("snapshot", audit.snapshot()))));
        }
        if (isNoOpUpdate(audit)) {
            events.add(
                    new SpanEvent(
                            "no-op update",
                            end,
                            List.of(
                                    SpanAttribute.of(
                                            "message",
                                            "resourceVersion "
                                                    + audit.resourceVersion()
                                                    + " unchanged"))));
        }
        AuditError error = audit.error();
        if (error != null) {
            events.add(new SpanEvent("error", end, errorAttributes(audit.responseCode(), error)));
        }
        boolean failed = audit.responseCode() >= 400;
        return new SpanRecord(
                traceId,
                TraceIds.auditSpanId(audit.cluster(), audit.auditId()),
                TraceIds.objectSpanId(traceId, object.key()),
                SpanKind.AUDIT,
                auditSpanName(audit),
                KubeResources.serviceName(object.group(), object.resource()),
                object.cluster(),
                start,
                end,
                attributes,
                events,
                failed,
                failed ? statusMessage(audit) : "",
                List.of());
    }

    /** {@code <user> <verb>[ <subresource>][ (<status text>)]}, as Kelemetry names them. */
    static String auditSpanName(AuditRecord audit) {
        StringBuilder name =
                new StringBuilder(audit.effectiveUser()).append(' ').append(audit.verb());
        if (!audit.subresource().isEmpty()) {
            name.append(' ').append(audit.subresource());
        }
        if (audit.responseCode() >= 300) {
            name.append(" (").append(HttpStatusText.of(audit.responseCode())).append(')');
        }
        return name.toString();
    }

    private static boolean isNoOpUpdate(AuditRecord audit) {
        return (audit.verb().equals("update") || audit.verb().equals("patch"))
                && audit.responseCode() < 300
                && !audit.resourceVersion().isEmpty()
                && audit.resourceVersion().equals(audit.newResourceVersion());
    }

    private static List<SpanAttribute> errorAttributes(int code, AuditError error) {
        List<SpanAttribute> attributes = new ArrayList<>();
        attributes.add(SpanAttribute.of("code", code));
        optional(attributes, "reason", error.reason());
        optional(attributes, "message", error.message());
        if (!error.causes().isEmpty()) {
            attributes.add(SpanAttribute.of("causes", String.join("\n", error.causes())));
        }
        return attributes;
    }

    private static String statusMessage(AuditRecord audit) {
        AuditError error = audit.error();
        return error != null && !error.message().isEmpty()
                ? error.message()
                : HttpStatusText.of(audit.responseCode());
    }

    private static void location(List<SpanAttribute> attributes, ObjectRef object) {
        attributes.add(SpanAttribute.of("k8s.cluster.name", object.cluster()));
        optional(attributes, "k8s.namespace.name", object.namespace());
    }

    private static void optional(List<SpanAttribute> attributes, String key, String value) {
        if (!value.isEmpty()) {
            attributes.add(SpanAttribute.of(key, value));
        }
    }
}
