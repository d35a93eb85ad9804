package io.kubetrace.operators;

import io.kubetrace.model.AuditError;
import io.kubetrace.model.AuditRecord;
import io.kubetrace.model.DiffKind;
import io.kubetrace.model.DiffStatus;
import io.kubetrace.model.KubeEvent;
import io.kubetrace.model.KubeResources;
import io.kubetrace.model.ObjectDiff;
import io.kubetrace.model.ObjectRef;
import io.kubetrace.model.Observation;
import io.kubetrace.model.ObservationKind;
import io.kubetrace.model.SpanAttribute;
import io.kubetrace.model.SpanEvent;
import io.kubetrace.model.SpanKind;
import io.kubetrace.model.SpanLink;
import io.kubetrace.model.SpanRecord;
import java.util.ArrayList;
import java.util.List;

/** Builds the spans of kubetrace's span model (names, attributes, events, status). */
final class SpanFactory {

    /** How long an Event span lasts: Events are instants, and Jaeger draws them as slivers. */
    static final long EVENT_SPAN_NANOS = 1_000_000L;

    /** The attribute saying whether a change carries the diff of exactly its resourceVersion. */
    static final String DIFF_ATTRIBUTE = "kubetrace.diff";

    private SpanFactory() {}

    /** The span of a change or an Event. */
    static SpanRecord observationSpan(String traceId, Observation observation) {
        return observation.kind() == ObservationKind.EVENT
                ? eventSpan(traceId, observation.event())
                : auditSpan(
                        traceId, observation.audit(), observation.diff(), observation.diffStatus());
    }

    /**
     * The span of an object: its subtree's activity, under its parent object's span.
     *
     * @param links spans of other traces it refers to: for the root of a trace started because its
     *     root's trace was full, its parent there
     * @param truncated whether the trace is full and went on in other traces (marked on its root)
     */
    static SpanRecord objectSpan(
            String traceId, ObjectActivity activity, List<SpanLink> links, boolean truncated) {
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
        if (truncated) {
            attributes.add(SpanAttribute.of("kubetrace.truncated", true));
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
                links);
    }

    /**
     * The span of an audited change, under its object's span, with the diff of exactly its
     * resourceVersion when one was joined.
     */
    static SpanRecord auditSpan(
            String traceId, AuditRecord audit, ObjectDiff diff, DiffStatus diffStatus) {
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

        if (diffStatus == DiffStatus.JOINED) {
            attributes.add(SpanAttribute.of(DIFF_ATTRIBUTE, "joined"));
        } else if (diffStatus == DiffStatus.MISSING) {
            attributes.add(SpanAttribute.of(DIFF_ATTRIBUTE, "missing"));
        }

        long start = audit.requestReceivedNanos();
        long end = Math.max(audit.stageNanos(), start);
        List<SpanEvent> events = new ArrayList<>();
        String snapshot =
                !audit.snapshot().isEmpty() || diff == null ? audit.snapshot() : diff.snapshot();
        if (!snapshot.isEmpty()) {
            events.add(
                    new SpanEvent(
                            "snapshot", end, List.of(SpanAttribute.of("snapshot", snapshot))));
        }
        if (diff != null && diff.kind() == DiffKind.UPDATE) {
            events.add(diffEvent(diff, end));
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

    private static SpanEvent diffEvent(ObjectDiff diff, long time) {
        List<SpanAttribute> attributes = new ArrayList<>();
        attributes.add(
                SpanAttribute.of(
                        "diff",
                        diff.lines().isEmpty()
                                ? "(no field changed)"
                                : String.join("\n", diff.lines())));
        attributes.add(SpanAttribute.of("old_resource_version", diff.oldResourceVersion()));
        attributes.add(SpanAttribute.of("new_resource_version", diff.newResourceVersion()));
        if (diff.redacted()) {
            attributes.add(SpanAttribute.of("redacted", true));
        }
        return new SpanEvent("diff", time, attributes);
    }

    /** The span of a Kubernetes Event: named by its reason, 1 ms long, ERROR when a Warning. */
    static SpanRecord eventSpan(String traceId, KubeEvent event) {
        ObjectRef object = event.regarding();
        List<SpanAttribute> attributes = new ArrayList<>();
        location(attributes, object);
        attributes.add(SpanAttribute.of("event.reason", event.reason()));
        attributes.add(SpanAttribute.of("event.type", event.type()));
        optional(attributes, "event.source", event.component());
        optional(attributes, "event.host", event.host());
        optional(attributes, "event.action", event.action());
        attributes.add(SpanAttribute.of("event.count", event.count()));
        optional(attributes, "event.note", event.note());
        attributes.add(SpanAttribute.of("event.name", event.name()));
        List<SpanEvent> events =
                event.note().isEmpty()
                        ? List.of()
                        : List.of(
                                new SpanEvent(
                                        "message",
                                        event.timeNanos(),
                                        List.of(SpanAttribute.of("message", event.note()))));
        return new SpanRecord(
                traceId,
                TraceIds.eventSpanId(event.cluster(), event.uid(), event.resourceVersion()),
                TraceIds.objectSpanId(traceId, object.key()),
                SpanKind.EVENT,
                event.reason(),
                KubeResources.serviceName(object.group(), object.resource()),
                object.cluster(),
                event.timeNanos(),
                event.timeNanos() + EVENT_SPAN_NANOS,
                attributes,
                events,
                event.isWarning(),
                event.isWarning() ? event.note() : "",
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
