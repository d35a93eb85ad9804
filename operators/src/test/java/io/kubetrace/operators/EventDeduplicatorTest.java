package io.kubetrace.operators;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubetrace.model.KubeEvent;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class EventDeduplicatorTest {

    static KubeEvent event(String uid, String resourceVersion, long millis) {
        return new KubeEvent(
                "c1",
                uid,
                resourceVersion,
                "team",
                "web.1",
                TestAudit.pod("web-1"),
                "BackOff",
                "Warning",
                "Back-off restarting failed container",
                "",
                "kubelet",
                "node-1",
                1,
                millis * 1_000_000L,
                "t",
                1);
    }

    @Test
    void passesEachOccurrenceOnceDropsRelistsAndForgets() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, KubeEvent, KubeEvent> harness =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new EventDeduplicator(Duration.ofMinutes(5)),
                        EventDeduplicator::key,
                        Types.STRING)) {
            harness.processElement(event("e1", "10", 1_000), 1_000);
            harness.processElement(event("e1", "10", 1_000), 1_000);
            harness.processElement(event("e1", "11", 61_000), 61_000);
            harness.processWatermark(Duration.ofMinutes(20).toMillis());
            harness.processElement(event("old", "3", 2_000), 2_000);

            assertThat(harness.extractOutputValues())
                    .extracting(KubeEvent::resourceVersion)
                    .containsExactly("10", "11");
            assertThat(harness.numKeyedStateEntries()).isZero();
            assertThat(harness.numEventTimeTimers()).isZero();
        }
    }
}
