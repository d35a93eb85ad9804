package io.kubetrace.operators;

import static io.kubetrace.operators.TestAudit.audit;
import static io.kubetrace.operators.TestAudit.deployment;
import static io.kubetrace.operators.TestAudit.pod;
import static io.kubetrace.operators.TestAudit.replicaSet;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubetrace.model.AuditRecord;
import io.kubetrace.model.DiffKind;
import io.kubetrace.model.DiffStatus;
import io.kubetrace.model.KubeEvent;
import io.kubetrace.model.ObjectDiff;
import io.kubetrace.model.ObjectRef;
import io.kubetrace.model.Observation;
import io.kubetrace.model.SpanAttribute;
import io.kubetrace.model.SpanEvent;
import io.kubetrace.model.SpanKind;
import io.kubetrace.model.SpanLink;
import io.kubetrace.model.SpanRecord;
import io.kubetrace.model.TraceEvent;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TraceAssemblerTest {

    private static final long MINUTE = 60_000;
    private static final TraceSettings SETTINGS =
            new TraceSettings(
                    Duration.ofMinutes(10),
                    Duration.ofMinutes(1),
                    Duration.ofMinutes(5),
                    Duration.ofHours(1),
                    20_000);
    private static final ObjectRef WEB = deployment("web");
    private static final ObjectRef WEB_1 = replicaSet("web-1");

    private KeyedOneInputStreamOperatorTestHarness<String, TraceEvent, SpanRecord> harness;

    @BeforeEach
    void openHarness() throws Exception {
        harness = newHarness();
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, TraceEvent, SpanRecord>
            newHarness() throws Exception {
        return newHarness(SETTINGS);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, TraceEvent, SpanRecord>
            newHarness(TraceSettings settings) throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new TraceAssembler(settings), new TraceKey(settings), Types.STRING);
    }

    private static TraceEvent change(AuditRecord audit, ObjectRef... path) {
        return new TraceEvent(
                Observation.change(audit, null, DiffStatus.NOT_WATCHED), List.of(path));
    }

    private void send(TraceEvent event) throws Exception {
        harness.processElement(event, event.eventTimeMillis());
    }

    private List<SpanRecord> spans(SpanKind kind) {
        return harness.extractOutputValues().stream().filter(span -> span.kind() == kind).toList();
    }

    private void rollOut(long start) throws Exception {
        send(change(audit("d").verb("create").on(WEB).at(start).build(), WEB));
        send(change(audit("rs").verb("create").on(WEB_1).at(start + 10).build(), WEB, WEB_1));
        send(
                change(
                        audit("p")
                                .verb("create")
                                .on(pod("web-1-a"))
                                .node("worker-2")
                                .at(start + 20)
                                .build(),
                        WEB,
                        WEB_1,
                        pod("web-1-a")));
    }

    @Test
    void emitsChangesAtOnceAndObjectSpansOnceTheTreeIsQuiet() throws Exception {
        rollOut(1_000);
        String traceId = TraceIds.traceId(WEB.key(), 0);

        assertThat(spans(SpanKind.AUDIT))
                .extracting(SpanRecord::spanId)
                .containsExactly(
                        TraceIds.auditSpanId("c1", "d"),
                        TraceIds.auditSpanId("c1", "rs"),
                        TraceIds.auditSpanId("c1", "p"));
        assertThat(spans(SpanKind.AUDIT))
                .extracting(SpanRecord::parentSpanId)
                .containsExactly(
                        TraceIds.objectSpanId(traceId, WEB.key()),
                        TraceIds.objectSpanId(traceId, WEB_1.key()),
                        TraceIds.objectSpanId(traceId, pod("web-1-a").key()));

        harness.processWatermark(1_020 + MINUTE - 1);
        assertThat(spans(SpanKind.OBJECT)).isEmpty();
        harness.processWatermark(1_020 + MINUTE);

        List<SpanRecord> objects = spans(SpanKind.OBJECT);
        assertThat(objects)
                .extracting(
                        SpanRecord::name,
                        SpanRecord::serviceName,
                        SpanRecord::startNanos,
                        SpanRecord::endNanos)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(
                                "team/web", "deployments", 997_000_000L, 1_020_000_000L),
                        org.assertj.core.groups.Tuple.tuple(
                                "team/web-1", "replicasets", 1_007_000_000L, 1_020_000_000L),
                        org.assertj.core.groups.Tuple.tuple(
                                "team/web-1-a", "pods", 1_017_000_000L, 1_020_000_000L));
        SpanRecord podSpan =
                objects.stream()
                        .filter(span -> span.name().equals("team/web-1-a"))
                        .findFirst()
                        .orElseThrow();
        assertThat(podSpan.parentSpanId()).isEqualTo(TraceIds.objectSpanId(traceId, WEB_1.key()));
        assertThat(podSpan.attributes())
                .contains(
                        SpanAttribute.of("k8s.pod.name", "web-1-a"),
                        SpanAttribute.of("k8s.pod.uid", "uid-web-1-a"),
                        SpanAttribute.of("k8s.node.name", "worker-2"),
                        SpanAttribute.of("k8s.namespace.name", "team"),
                        SpanAttribute.of("k8s.cluster.name", "c1"));
        assertThat(objects.stream().filter(SpanRecord::isRoot))
                .extracting(SpanRecord::name)
                .containsExactly("team/web");
    }

    @Test
    void givesAnObjectThatAppearsLaterItsSpanAtTheNextQuietPeriodOnly() throws Exception {
        rollOut(1_000);
        harness.processWatermark(1_020 + MINUTE);
        assertThat(spans(SpanKind.OBJECT)).hasSize(3);

        send(
                change(
                        audit("p2").verb("create").on(pod("web-1-b")).at(2 * MINUTE).build(),
                        WEB,
                        WEB_1,
                        pod("web-1-b")));
        harness.processWatermark(3 * MINUTE);

        assertThat(spans(SpanKind.OBJECT))
                .extracting(SpanRecord::name)
                .containsOnlyOnce("team/web", "team/web-1-b");
        assertThat(spans(SpanKind.OBJECT)).hasSize(4);
    }

    @Test
    void cutsARootsLifeIntoOneTracePerWindow() throws Exception {
        send(change(audit("before").on(WEB).at(10 * MINUTE - 1_000).build(), WEB));
        send(change(audit("after").on(WEB).at(10 * MINUTE + 1_000).build(), WEB));
        harness.processWatermark(Long.MAX_VALUE - 1);

        assertThat(spans(SpanKind.AUDIT))
                .extracting(SpanRecord::traceId)
                .containsExactly(TraceIds.traceId(WEB.key(), 0), TraceIds.traceId(WEB.key(), 1));
        assertThat(spans(SpanKind.OBJECT))
                .extracting(SpanRecord::traceId)
                .containsExactlyInAnyOrder(
                        TraceIds.traceId(WEB.key(), 0), TraceIds.traceId(WEB.key(), 1));
    }

    @Test
    void closesTheWindowAfterItsLatenessAndForgetsItAfterTheLateMemory() throws Exception {
        rollOut(1_000);
        harness.setProcessingTime(0);
        harness.processWatermark(10 * MINUTE - 1);
        assertThat(spans(SpanKind.OBJECT)).hasSize(3);
        harness.processWatermark(15 * MINUTE - 1);
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);

        harness.setProcessingTime(Duration.ofHours(1).toMillis());

        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
        assertThat(spans(SpanKind.OBJECT)).hasSize(3);
    }

    @Test
    void tracesLateChangesWithTheSameIdsAndEmitsOnlyObjectSpansNotYetEmitted() throws Exception {
        rollOut(1_000);
        harness.processWatermark(20 * MINUTE);
        assertThat(spans(SpanKind.OBJECT)).hasSize(3);

        send(
                change(
                        audit("late-1").on(pod("web-1-a")).at(5 * MINUTE).build(),
                        WEB,
                        WEB_1,
                        pod("web-1-a")));
        send(
                change(
                        audit("late-2").verb("create").on(pod("web-1-z")).at(6 * MINUTE).build(),
                        WEB,
                        WEB_1,
                        pod("web-1-z")));
        send(
                change(
                        audit("late-3").on(pod("web-1-z")).at(7 * MINUTE).build(),
                        WEB,
                        WEB_1,
                        pod("web-1-z")));

        assertThat(spans(SpanKind.AUDIT))
                .hasSize(6)
                .allSatisfy(
                        span ->
                                assertThat(span.traceId())
                                        .isEqualTo(TraceIds.traceId(WEB.key(), 0)));
        assertThat(spans(SpanKind.OBJECT))
                .extracting(SpanRecord::name)
                .containsOnlyOnce("team/web", "team/web-1-a", "team/web-1-z");
        assertThat(spans(SpanKind.OBJECT)).hasSize(4);
    }

    @Test
    void countsAsLateOnlyWhatArrivesBehindTheWatermarkNotWhatTheLinkerHeldBack() throws Exception {
        harness.processWatermark(5_000);
        TraceEvent heldBack = change(audit("held").on(WEB).at(4_000).build(), WEB);
        harness.processElement(heldBack, 9_000);
        assertThat(count(Tally.LATE)).isZero();

        TraceEvent late = change(audit("late").on(WEB).at(4_500).build(), WEB);
        harness.processElement(late, 4_500);
        assertThat(count(Tally.LATE)).isEqualTo(1);
        assertThat(count(Tally.TRACED)).isEqualTo(2);
    }

    private long count(String tally) {
        var operator =
                (org.apache.flink.streaming.api.operators.AbstractStreamOperator<?>)
                        harness.getOperator();
        return (Long) operator.getRuntimeContext().getAccumulator(tally).getLocalValue();
    }

    @Test
    void namesAndDescribesChangesAsKelemetryDoes() throws Exception {
        send(
                change(
                        audit("conflict")
                                .verb("update")
                                .on(WEB)
                                .by("alice")
                                .failed(
                                        409,
                                        "Conflict",
                                        "the object has been modified",
                                        "metadata.resourceVersion: stale (FieldValueInvalid)")
                                .at(1_000)
                                .build(),
                        WEB));
        send(
                change(
                        audit("noop")
                                .verb("update")
                                .subresource("status")
                                .on(WEB)
                                .versions("41", "41")
                                .at(2_000)
                                .build(),
                        WEB));
        send(
                change(
                        audit("made")
                                .verb("create")
                                .on(WEB)
                                .code(201)
                                .snapshot("{\"kind\":\"Deployment\"}")
                                .at(3_000)
                                .build(),
                        WEB));

        List<SpanRecord> changes = spans(SpanKind.AUDIT);
        assertThat(changes)
                .extracting(SpanRecord::name)
                .containsExactly(
                        "alice update (Conflict)",
                        "system:serviceaccount:kube-system:replicaset-controller update status",
                        "system:serviceaccount:kube-system:replicaset-controller create");
        SpanRecord conflict = changes.get(0);
        assertThat(conflict.error()).isTrue();
        assertThat(conflict.statusMessage()).isEqualTo("the object has been modified");
        assertThat(conflict.events()).extracting(SpanEvent::name).containsExactly("error");
        assertThat(conflict.events().get(0).attributes())
                .contains(
                        SpanAttribute.of("code", 409),
                        SpanAttribute.of("reason", "Conflict"),
                        SpanAttribute.of(
                                "causes", "metadata.resourceVersion: stale (FieldValueInvalid)"));
        assertThat(conflict.attributes())
                .contains(
                        SpanAttribute.of("audit.id", "conflict"),
                        SpanAttribute.of("audit.user", "alice"),
                        SpanAttribute.of("audit.response_code", 409),
                        SpanAttribute.of("audit.source_ip", "172.18.0.2"),
                        SpanAttribute.of("audit.proxy_ips", "10.0.0.1"));
        assertThat(conflict.endNanos() - conflict.startNanos()).isEqualTo(3_000_000L);
        assertThat(changes.get(1).events())
                .extracting(SpanEvent::name)
                .containsExactly("no-op update");
        assertThat(changes.get(1).error()).isFalse();
        assertThat(changes.get(2).events()).extracting(SpanEvent::name).containsExactly("snapshot");
    }

    @Test
    void makesEventSpansAndCarriesJoinedDiffsOnChanges() throws Exception {
        KubeEvent backOff = EventDeduplicatorTest.event("e1", "10", 4_000);
        harness.processElement(
                new TraceEvent(Observation.event(backOff), List.of(WEB, WEB_1, pod("web-1"))),
                4_000);
        AuditRecord scale =
                audit("scale").verb("update").on(WEB_1).versions("4", "5").at(5_000).build();
        ObjectDiff diff =
                new ObjectDiff(
                        WEB_1,
                        "4",
                        "5",
                        DiffKind.UPDATE,
                        List.of("spec.replicas 2 -> 3"),
                        "",
                        false,
                        5_000_000_000L);
        send(
                new TraceEvent(
                        Observation.change(scale, diff, DiffStatus.JOINED), List.of(WEB, WEB_1)));
        AuditRecord unseen =
                audit("unseen").verb("update").on(WEB_1).versions("5", "6").at(6_000).build();
        send(
                new TraceEvent(
                        Observation.change(unseen, null, DiffStatus.MISSING), List.of(WEB, WEB_1)));

        SpanRecord event = spans(SpanKind.EVENT).get(0);
        String traceId = TraceIds.traceId(WEB.key(), 0);
        assertThat(event.name()).isEqualTo("BackOff");
        assertThat(event.spanId()).isEqualTo(TraceIds.eventSpanId("c1", "e1", "10"));
        assertThat(event.parentSpanId())
                .isEqualTo(TraceIds.objectSpanId(traceId, pod("web-1").key()));
        assertThat(event.endNanos() - event.startNanos()).isEqualTo(1_000_000L);
        assertThat(event.error()).isTrue();
        assertThat(event.attributes())
                .contains(
                        SpanAttribute.of("event.reason", "BackOff"),
                        SpanAttribute.of("event.type", "Warning"),
                        SpanAttribute.of("event.source", "kubelet"),
                        SpanAttribute.of("event.count", 1));
        assertThat(event.events()).extracting(SpanEvent::name).containsExactly("message");
        List<SpanRecord> changes = spans(SpanKind.AUDIT);
        assertThat(changes.get(0).attributes())
                .contains(SpanAttribute.of("kubetrace.diff", "joined"));
        assertThat(changes.get(0).events().get(0).attributes())
                .contains(
                        SpanAttribute.of("diff", "spec.replicas 2 -> 3"),
                        SpanAttribute.of("new_resource_version", "5"));
        assertThat(changes.get(1).attributes())
                .contains(SpanAttribute.of("kubetrace.diff", "missing"));
    }

    @Test
    void startsTracesOfTheirOwnForNewChildObjectsOnceATraceIsFull() throws Exception {
        harness.close();
        harness =
                newHarness(
                        new TraceSettings(
                                Duration.ofMinutes(10),
                                Duration.ofMinutes(1),
                                Duration.ofMinutes(5),
                                Duration.ofHours(1),
                                4));
        ObjectRef podA = pod("web-1-a");
        ObjectRef podB = pod("web-1-b");
        send(change(audit("d").verb("create").on(WEB).at(1_000).build(), WEB));
        send(change(audit("rs").verb("create").on(WEB_1).at(1_100).build(), WEB, WEB_1));
        send(change(audit("a1").verb("create").on(podA).at(1_200).build(), WEB, WEB_1, podA));
        send(change(audit("a2").on(podA).at(1_300).build(), WEB, WEB_1, podA));
        send(change(audit("b1").verb("create").on(podB).at(1_400).build(), WEB, WEB_1, podB));
        send(change(audit("b2").on(podB).at(1_500).build(), WEB, WEB_1, podB));
        send(change(audit("a3").on(podA).at(1_600).build(), WEB, WEB_1, podA));
        harness.processWatermark(10 * MINUTE);

        String full = TraceIds.traceId(WEB.key(), 0);
        String own = TraceIds.traceId(podB.key(), 0);
        assertThat(spans(SpanKind.AUDIT))
                .extracting(
                        span ->
                                span.attribute("audit.id")
                                        + "@"
                                        + (span.traceId().equals(full)
                                                ? "full"
                                                : span.traceId().equals(own) ? "own" : "?"))
                .containsExactly(
                        "d@full", "rs@full", "a1@full", "a2@full", "b1@own", "b2@own", "a3@full");
        SpanRecord root =
                spans(SpanKind.OBJECT).stream()
                        .filter(span -> span.name().equals("team/web"))
                        .findFirst()
                        .orElseThrow();
        assertThat(root.attributes()).contains(SpanAttribute.of("kubetrace.truncated", true));
        SpanRecord podBSpan =
                spans(SpanKind.OBJECT).stream()
                        .filter(span -> span.name().equals("team/web-1-b"))
                        .findFirst()
                        .orElseThrow();
        assertThat(podBSpan.traceId()).isEqualTo(own);
        assertThat(podBSpan.isRoot()).isTrue();
        assertThat(podBSpan.links())
                .containsExactly(new SpanLink(full, TraceIds.objectSpanId(full, WEB_1.key())));
        assertThat(spans(SpanKind.OBJECT))
                .filteredOn(span -> span.traceId().equals(full))
                .hasSize(3);
    }

    @Test
    void producesTheSameSpansWhenTheSameInputIsReplayed() throws Exception {
        rollOut(1_000);
        harness.processWatermark(Long.MAX_VALUE - 1);
        List<SpanRecord> first = harness.extractOutputValues();

        try (var replay = newHarness()) {
            harness = replay;
            rollOut(1_000);
            harness.processWatermark(Long.MAX_VALUE - 1);
            assertThat(harness.extractOutputValues()).isEqualTo(first);
        }
        harness = newHarness();
    }
}
