package io.kubetrace.operators;

import static io.kubetrace.operators.TestAudit.audit;
import static io.kubetrace.operators.TestAudit.deployment;
import static io.kubetrace.operators.TestAudit.pod;
import static io.kubetrace.operators.TestAudit.replicaSet;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubetrace.model.AuditRecord;
import io.kubetrace.model.DiffStatus;
import io.kubetrace.model.ObjectRef;
import io.kubetrace.model.Observation;
import io.kubetrace.model.TraceEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LinkerTest {

    private static final LinkSettings SETTINGS =
            new LinkSettings(Duration.ofSeconds(5), 8, Duration.ofHours(2), Duration.ofDays(1));

    private KeyedOneInputStreamOperatorTestHarness<String, Observation, TraceEvent> harness;

    @BeforeEach
    void openHarness() throws Exception {
        harness =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new Linker(SETTINGS), Linker::key, Types.STRING);
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    private void send(AuditRecord record) throws Exception {
        harness.processElement(
                Observation.change(record, null, DiffStatus.NOT_WATCHED), record.eventTimeMillis());
    }

    /** Each emitted event as {@code auditId: name > name > ...}, root first. */
    private List<String> emitted() {
        List<String> paths = new ArrayList<>();
        for (TraceEvent event : harness.extractOutputValues()) {
            paths.add(
                    event.observation().audit().auditId()
                            + ": "
                            + String.join(
                                    " > ", event.path().stream().map(ObjectRef::name).toList()));
        }
        return paths;
    }

    @Test
    void resolvesTheWholeTreeOnceTheWatermarkHasPassedTheEvent() throws Exception {
        send(audit("d").verb("create").on(deployment("web")).parent(null).at(1_000).build());
        send(
                audit("rs")
                        .verb("create")
                        .on(replicaSet("web-1"))
                        .parent(deployment("web"))
                        .at(1_010)
                        .build());
        send(
                audit("p")
                        .verb("create")
                        .on(pod("web-1-a"))
                        .parent(replicaSet("web-1"))
                        .at(1_020)
                        .build());
        assertThat(emitted()).isEmpty();

        harness.processWatermark(1_020);

        assertThat(emitted())
                .containsExactly("d: web", "rs: web > web-1", "p: web > web-1 > web-1-a");
    }

    @Test
    void usesWhatArrivesOutOfOrderBeforeTheWatermark() throws Exception {
        send(
                audit("p")
                        .verb("create")
                        .on(pod("web-1-a"))
                        .parent(replicaSet("web-1"))
                        .at(3_000)
                        .build());
        send(
                audit("rs")
                        .verb("create")
                        .on(replicaSet("web-1"))
                        .parent(deployment("web"))
                        .at(2_000)
                        .build());
        send(audit("d").verb("create").on(deployment("web")).parent(null).at(1_000).build());

        harness.processWatermark(3_000);

        assertThat(emitted())
                .containsExactly("d: web", "rs: web > web-1", "p: web > web-1 > web-1-a");
    }

    @Test
    void waitsTheGraceForAParentLearnedLater() throws Exception {
        send(
                audit("p")
                        .verb("create")
                        .on(pod("web-1-a"))
                        .parent(replicaSet("web-1"))
                        .at(1_000)
                        .build());
        harness.processWatermark(1_000);
        assertThat(emitted()).isEmpty();

        send(
                audit("rs")
                        .verb("update")
                        .on(replicaSet("web-1"))
                        .parent(deployment("web"))
                        .at(3_000)
                        .build());
        send(audit("d").verb("update").on(deployment("web")).parent(null).at(4_000).build());
        harness.processWatermark(6_000);

        assertThat(emitted())
                .containsExactly("rs: web > web-1", "d: web", "p: web > web-1 > web-1-a");
    }

    @Test
    void goesOnWithWhatIsKnownWhenTheGraceRunsOut() throws Exception {
        send(
                audit("p")
                        .verb("create")
                        .on(pod("web-1-a"))
                        .parent(replicaSet("web-1"))
                        .at(1_000)
                        .build());
        send(audit("m").verb("patch").on(pod("solo")).at(1_000).build());

        harness.processWatermark(5_999);
        assertThat(emitted()).isEmpty();
        harness.processWatermark(6_000);

        assertThat(emitted()).containsExactlyInAnyOrder("p: web-1 > web-1-a", "m: solo");
    }

    @Test
    void endsTheWalkAtAParentInAnotherNamespaceAndSurvivesCyclesAndDeepChains() throws Exception {
        ObjectRef remote =
                new ObjectRef("core", "example.io", "v1", "protectors", "other", "ppr", "", "");
        send(audit("x").on(pod("linked")).parent(remote).at(1_000).build());
        send(audit("a").on(pod("a")).parent(pod("b")).at(1_000).build());
        send(audit("b").on(pod("b")).parent(pod("a")).at(1_000).build());
        for (int i = 0; i < 12; i++) {
            send(audit("chain-" + i).on(pod("n" + i)).parent(pod("n" + (i + 1))).at(1_000).build());
        }
        send(audit("top").on(pod("n12")).parent(null).at(1_000).build());

        harness.processWatermark(1_000);

        assertThat(emitted())
                .contains(
                        "x: ppr > linked",
                        "a: b > a",
                        "b: a > b",
                        "chain-0: n8 > n7 > n6 > n5 > n4 > n3 > n2 > n1 > n0");
    }

    @Test
    void emitsLateEventsAtTheNextWatermark() throws Exception {
        send(audit("d").on(deployment("web")).parent(null).at(10_000).build());
        harness.processWatermark(10_000);
        send(audit("late").on(deployment("web")).at(2_000).build());
        harness.processWatermark(10_001);

        assertThat(emitted()).containsExactly("d: web", "late: web");
    }

    @Test
    void forgetsDeletedObjectsAfterTheirTtlAndLeavesNoStateBehind() throws Exception {
        send(audit("d").verb("create").on(deployment("web")).parent(null).at(1_000).build());
        send(
                audit("rs")
                        .verb("create")
                        .on(replicaSet("web-1"))
                        .parent(deployment("web"))
                        .at(1_010)
                        .build());
        send(audit("rs-gone").verb("delete").on(replicaSet("web-1")).at(60_000).build());
        send(audit("d-gone").verb("delete").on(deployment("web")).at(61_000).build());
        harness.processWatermark(61_000);
        assertThat(emitted()).hasSize(4).last().isEqualTo("d-gone: web");

        harness.processWatermark(61_000 + Duration.ofHours(2).toMillis());

        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void keepsTheLinksOfAncestorsThatEventsWalkThrough() throws Exception {
        long day = Duration.ofDays(1).toMillis();
        harness.setStateTtlProcessingTime(0);
        send(audit("d").verb("create").on(deployment("web")).parent(null).at(1_000).build());
        send(
                audit("rs")
                        .verb("create")
                        .on(replicaSet("web-1"))
                        .parent(deployment("web"))
                        .at(1_010)
                        .build());
        harness.processWatermark(1_010);

        harness.setStateTtlProcessingTime(day * 20 / 24);
        send(audit("p1").on(pod("web-1-a")).parent(replicaSet("web-1")).at(2_000).build());
        harness.processWatermark(2_000);
        harness.setStateTtlProcessingTime(day * 30 / 24);
        send(audit("p2").on(pod("web-1-b")).parent(replicaSet("web-1")).at(3_000).build());
        harness.processWatermark(3_000);

        assertThat(emitted()).last().isEqualTo("p2: web > web-1 > web-1-b");
    }

    @Test
    void keepsTheLinkOfAnObjectRecreatedAfterItsDeletion() throws Exception {
        send(
                audit("rs")
                        .verb("create")
                        .on(replicaSet("web-1"))
                        .parent(deployment("web"))
                        .at(1_000)
                        .build());
        send(audit("rs-gone").verb("delete").on(replicaSet("web-1")).at(2_000).build());
        send(
                audit("rs-again")
                        .verb("create")
                        .on(replicaSet("web-1"))
                        .parent(deployment("web"))
                        .at(3_000)
                        .build());
        harness.processWatermark(2_000 + Duration.ofHours(2).toMillis());
        send(
                audit("later")
                        .on(replicaSet("web-1"))
                        .at(2_000 + Duration.ofHours(2).toMillis() + 1)
                        .build());
        harness.processWatermark(Long.MAX_VALUE);

        assertThat(emitted()).last().isEqualTo("later: web > web-1");
    }
}
