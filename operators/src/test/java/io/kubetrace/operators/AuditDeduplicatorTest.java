package io.kubetrace.operators;

import static io.kubetrace.operators.TestAudit.audit;
import static io.kubetrace.operators.TestAudit.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubetrace.model.AuditRecord;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class AuditDeduplicatorTest {

    @Test
    void passesEachAuditIdOnceThenForgetsItAfterTheTtl() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, AuditRecord, AuditRecord> harness =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new AuditDeduplicator(Duration.ofMinutes(10)),
                        AuditDeduplicator::key,
                        Types.STRING)) {
            AuditRecord first = audit("a").on(pod("p")).at(1_000).build();
            AuditRecord retry = audit("a").on(pod("p")).at(1_000).build();
            AuditRecord other = audit("b").on(pod("p")).at(2_000).build();

            harness.processElement(first, 1_000);
            harness.processElement(retry, 1_000);
            harness.processElement(other, 2_000);
            assertThat(harness.extractOutputValues()).containsExactly(first, other);
            assertThat(harness.numKeyedStateEntries()).isEqualTo(2);

            harness.processWatermark(1_000 + Duration.ofMinutes(10).toMillis());
            assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
            harness.processWatermark(2_000 + Duration.ofMinutes(10).toMillis());
            assertThat(harness.numKeyedStateEntries()).isZero();
            assertThat(harness.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void keepsTheSameAuditIdOfTwoClustersApart() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, AuditRecord, AuditRecord> harness =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new AuditDeduplicator(Duration.ofMinutes(10)),
                        AuditDeduplicator::key,
                        Types.STRING)) {
            var here = pod("p");
            var there =
                    new io.kubetrace.model.ObjectRef(
                            "c2", "", "v1", "pods", "team", "p", "", "Pod");
            harness.processElement(audit("a").on(here).at(1).build(), 1);
            harness.processElement(audit("a").on(there).at(1).build(), 1);

            assertThat(harness.extractOutputValues()).hasSize(2);
        }
    }
}
