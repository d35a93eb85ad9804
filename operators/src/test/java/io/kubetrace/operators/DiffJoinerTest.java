package io.kubetrace.operators;

import static io.kubetrace.operators.TestAudit.audit;
import static io.kubetrace.operators.TestAudit.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubetrace.model.AuditRecord;
import io.kubetrace.model.DiffKind;
import io.kubetrace.model.ObjectDiff;
import io.kubetrace.model.ObjectRef;
import io.kubetrace.model.Observation;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DiffJoinerTest {

    private static final ObjectRef WEB = deployment("web");

    private KeyedTwoInputStreamOperatorTestHarness<String, AuditRecord, ObjectDiff, Observation>
            harness;

    @BeforeEach
    void openHarness() throws Exception {
        harness =
                ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                        new DiffJoiner(
                                new DiffSettings(
                                        Duration.ofSeconds(15), 65536, "", Duration.ofDays(7))),
                        DiffJoiner::key,
                        DiffJoiner::key,
                        Types.STRING);
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    private void change(AuditRecord audit) throws Exception {
        harness.processElement1(audit, audit.eventTimeMillis());
    }

    private void diff(String oldVersion, String newVersion, DiffKind kind, long millis)
            throws Exception {
        harness.processElement2(
                new ObjectDiff(
                        WEB,
                        oldVersion,
                        newVersion,
                        kind,
                        List.of("spec.replicas 2 -> 3"),
                        "",
                        false,
                        millis * 1_000_000L),
                millis);
    }

    /** Each observation as {@code auditId status [newRV of its diff]}. */
    private List<String> joined() {
        return harness.extractOutputValues().stream()
                .map(
                        o ->
                                o.audit().auditId()
                                        + " "
                                        + o.diffStatus()
                                        + (o.diff() == null
                                                ? ""
                                                : " " + o.diff().newResourceVersion()))
                .toList();
    }

    @Test
    void joinsAChangeWithTheDiffOfItsResourceVersionWhicheverComesFirst() throws Exception {
        diff("4", "5", DiffKind.UPDATE, 1_000);
        change(audit("diff-first").verb("update").on(WEB).versions("4", "5").at(1_010).build());
        change(audit("change-first").verb("patch").on(WEB).versions("", "7").at(2_000).build());
        diff("6", "7", DiffKind.UPDATE, 2_050);

        assertThat(joined()).containsExactly("diff-first JOINED 5", "change-first JOINED 7");
    }

    @Test
    void picksTheRightDiffAmongSeveralOutOfOrder() throws Exception {
        change(audit("second").verb("update").on(WEB).versions("", "12").at(3_000).build());
        diff("11", "12", DiffKind.UPDATE, 3_001);
        diff("10", "11", DiffKind.UPDATE, 2_001);
        change(audit("first").verb("update").on(WEB).versions("", "11").at(2_000).build());

        assertThat(joined()).containsExactly("second JOINED 12", "first JOINED 11");
    }

    @Test
    void letsTheChangeGoWithoutItsDiffAfterTheTimeoutAndCleansUp() throws Exception {
        change(audit("lonely").verb("update").on(WEB).versions("", "9").at(1_000).build());
        diff("20", "21", DiffKind.UPDATE, 1_500);
        harness.processBothWatermarks(new Watermark(15_999));
        assertThat(joined()).isEmpty();

        harness.processBothWatermarks(new Watermark(16_500));

        assertThat(joined()).containsExactly("lonely MISSING");
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void passesAtOnceWhatCannotHaveADiff() throws Exception {
        change(
                audit("failed")
                        .verb("update")
                        .on(WEB)
                        .failed(409, "Conflict", "stale")
                        .versions("", "")
                        .at(1_000)
                        .build());
        change(audit("no-op").verb("update").on(WEB).versions("8", "8").at(1_000).build());
        change(audit("metadata-level").verb("patch").on(WEB).versions("", "").at(1_000).build());

        assertThat(joined())
                .containsExactly(
                        "failed NOT_EXPECTED", "no-op NOT_EXPECTED", "metadata-level NOT_EXPECTED");
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void joinsCreatesAndDeletesWithoutVersionsToTheirSnapshots() throws Exception {
        change(audit("create").verb("create").code(201).on(WEB).versions("", "").at(1_000).build());
        diff("", "30", DiffKind.CREATE, 1_001);
        diff("30", "31", DiffKind.DELETE, 5_001);
        change(audit("delete").verb("delete").on(WEB).versions("", "").at(5_000).build());

        assertThat(joined()).containsExactly("create JOINED 30", "delete JOINED 31");
    }
}
