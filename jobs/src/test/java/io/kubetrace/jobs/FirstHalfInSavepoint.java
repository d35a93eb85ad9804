package io.kubetrace.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubetrace.model.AuditRecord;
import io.kubetrace.model.KubeEvent;
import io.kubetrace.model.ObjectRef;
import io.kubetrace.model.ObjectVersion;
import io.kubetrace.model.Observation;
import io.kubetrace.model.ParsedAudit;
import io.kubetrace.model.ParsedObject;
import io.kubetrace.model.SpanKind;
import io.kubetrace.model.SpanRecord;
import io.kubetrace.model.VersionChange;
import io.kubetrace.operators.AuditDeduplicator;
import io.kubetrace.operators.EventDeduplicator;
import io.kubetrace.operators.ObjectActivity;
import io.kubetrace.operators.ParentLink;
import io.kubetrace.operators.TraceIds;
import io.kubetrace.operators.TraceKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the savepoint of the tracing pipeline, stopped once it has traced the first half of a
 * rollout as far as its watermark goes, must hold: each operator's state as the first half and the
 * spans emitted before the stop explain it.
 */
final class FirstHalfInSavepoint {

    private final RolloutHalves rollout;
    private final List<SpanRecord> before;
    private final List<SpanRecord> uninterrupted;

    /**
     * @param before the spans the job emitted before the stop
     * @param uninterrupted the spans of a job that read both halves without stopping
     */
    FirstHalfInSavepoint(
            RolloutHalves rollout, List<SpanRecord> before, List<SpanRecord> uninterrupted) {
        this.rollout = rollout;
        this.before = before;
        this.uninterrupted = uninterrupted;
    }

    void assertHeldBy(SavepointContents state) throws Exception {
        List<AuditRecord> changes =
                rollout.parsedAudits(1).stream()
                        .filter(audit -> !audit.isRejected())
                        .map(ParsedAudit::record)
                        .toList();
        List<ParsedObject> objects = rollout.parsedObjects(1);
        List<ObjectVersion> versions =
                objects.stream().map(ParsedObject::version).filter(v -> v != null).toList();
        List<KubeEvent> events =
                objects.stream().map(ParsedObject::event).filter(e -> e != null).toList();

        assertThat(state.auditIds())
                .as("the audit deduplicator remembers every audit ID of the first half")
                .containsExactlyInAnyOrderElementsOf(
                        changes.stream().map(AuditDeduplicator::key).toList());
        assertThat(state.events())
                .as("the Event deduplicator remembers every Event of the first half")
                .containsExactlyInAnyOrderElementsOf(
                        events.stream().map(EventDeduplicator::key).toList());

        assertLastVersions(state, versions);
        assertLinks(state, changes, versions);
        assertNothingLost(state, changes, events);
        assertOpenTraces(state);
    }

    private static void assertLastVersions(SavepointContents state, List<ObjectVersion> versions) {
        Map<String, String> lastVersions = new HashMap<>();
        for (ObjectVersion version : versions) {
            if (version.change() == VersionChange.DELETED) {
                lastVersions.remove(version.object().key());
            } else {
                lastVersions.put(version.object().key(), version.resourceVersion());
            }
        }
        assertThat(
                        state.lastVersions().stream()
                                .collect(
                                        Collectors.toMap(
                                                SavepointContents.LastVersion::objectKey,
                                                last -> last.version().resourceVersion())))
                .as("the object differ holds the last version of each object not deleted")
                .isEqualTo(lastVersions);
    }

    private static void assertLinks(
            SavepointContents state, List<AuditRecord> changes, List<ObjectVersion> versions) {
        // What reached the linker: every version, and the changes not waiting for their diffs.
        Set<String> waitingForDiffs =
                state.changesWaitingForDiffs().stream()
                        .map(FirstHalfInSavepoint::spanId)
                        .collect(Collectors.toSet());
        List<Observation> observations = new ArrayList<>();
        versions.forEach(version -> observations.add(Observation.version(version)));
        changes.stream()
                .filter(change -> !waitingForDiffs.contains(spanId(change)))
                .forEach(change -> observations.add(Observation.change(change, null, null)));
        Map<String, ObjectRef> parents = new HashMap<>();
        Set<String> deleted = new HashSet<>();
        for (Observation observation : observations) {
            if (observation.parentKnown()) {
                parents.put(observation.object().key(), observation.parent());
            }
            if (observation.deleted()) {
                deleted.add(observation.object().key());
            }
        }
        Map<String, ParentLink> links =
                state.links().stream()
                        .collect(
                                Collectors.toMap(
                                        SavepointContents.Link::objectKey,
                                        SavepointContents.Link::link));
        assertThat(links.keySet())
                .as("the linker knows the parent of every object it was told of")
                .isEqualTo(parents.keySet());
        links.forEach(
                (object, link) ->
                        assertThat(link.parent()).as(object).isEqualTo(parents.get(object)));
        // A deletion marks a link, and a later version of the object (a Pod terminating) clears
        // the mark until its last version; which comes first depends on which source is ahead.
        assertThat(
                        links.entrySet().stream()
                                .filter(
                                        link ->
                                                link.getValue().deletedAtMillis()
                                                        != ParentLink.ALIVE)
                                .map(Map.Entry::getKey))
                .as("only deleted objects have their deletion noted")
                .isSubsetOf(deleted);
    }

    /** Each change and Event of the first half is in exactly one place. */
    private void assertNothingLost(
            SavepointContents state, List<AuditRecord> changes, List<KubeEvent> events) {
        List<String> firstHalf = new ArrayList<>();
        changes.forEach(change -> firstHalf.add(spanId(change)));
        events.forEach(event -> firstHalf.add(spanId(event)));
        List<String> traced = new ArrayList<>();
        before.stream()
                .filter(span -> span.kind() != SpanKind.OBJECT)
                .forEach(span -> traced.add(span.spanId()));
        state.waiting().forEach(observation -> traced.add(spanId(observation)));
        state.changesWaitingForDiffs().forEach(change -> traced.add(spanId(change)));
        assertThat(traced)
                .as(
                        "each change and Event of the first half is a span already, or waits in"
                                + " the linker or in the diff joiner, and only one of these")
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(firstHalf);
        assertThat(state.waiting())
                .as("changes newer than the watermark wait in the savepoint")
                .isNotEmpty();
    }

    /**
     * The trace assembler holds the traces with spans so far, under the trace IDs they have in the
     * end, and knows which of their object spans went out.
     */
    private void assertOpenTraces(SavepointContents state) {
        Set<String> beforeIds = before.stream().map(SpanRecord::spanId).collect(Collectors.toSet());
        Map<String, String> finalTraceOf =
                uninterrupted.stream()
                        .collect(Collectors.toMap(SpanRecord::spanId, SpanRecord::traceId));
        for (SavepointContents.OpenTrace trace : state.traces()) {
            String traceId = traceId(trace);
            assertThat(finalTraceOf)
                    .as("the root of %s has the trace ID it gets in the end", trace.traceKey())
                    .containsEntry(
                            TraceIds.objectSpanId(traceId, TraceKey.rootKey(trace.traceKey())),
                            traceId);
            for (ObjectActivity activity : trace.objects()) {
                String objectSpan = TraceIds.objectSpanId(traceId, activity.object().key());
                assertThat(finalTraceOf).containsEntry(objectSpan, traceId);
                assertThat(beforeIds.contains(objectSpan))
                        .as("%s emitted before the stop", activity.object().key())
                        .isEqualTo(activity.emitted());
            }
        }
        assertThat(state.traces())
                .flatExtracting(SavepointContents.OpenTrace::objects)
                .filteredOn(ObjectActivity::emitted)
                .as("object spans that went out in a quiet period before the stop")
                .isNotEmpty();
        assertThat(state.traces())
                .extracting(FirstHalfInSavepoint::traceId)
                .as("the open traces are those with spans so far")
                .containsExactlyInAnyOrderElementsOf(
                        before.stream().map(SpanRecord::traceId).distinct().toList());
    }

    /** The ID the job gives the trace of a trace key ({@code <root key>|<window index>}). */
    private static String traceId(SavepointContents.OpenTrace trace) {
        return TraceIds.traceId(
                TraceKey.rootKey(trace.traceKey()), TraceKey.windowIndex(trace.traceKey()));
    }

    private static String spanId(AuditRecord change) {
        return TraceIds.auditSpanId(change.cluster(), change.auditId());
    }

    private static String spanId(KubeEvent event) {
        return TraceIds.eventSpanId(event.cluster(), event.uid(), event.resourceVersion());
    }

    private static String spanId(Observation observation) {
        return observation.audit() != null
                ? spanId(observation.audit())
                : spanId(observation.event());
    }
}
