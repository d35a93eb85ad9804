package io.kubetrace.operators;

import static io.kubetrace.operators.TestAudit.audit;
import static io.kubetrace.operators.TestAudit.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubetrace.model.AuditRecord;
import io.kubetrace.model.ObjectRef;
import io.kubetrace.model.ParsedAudit;
import io.kubetrace.model.Rejection;
import java.util.List;
import java.util.Set;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class AuditFilterTest {

    private static List<String> passed(FilterSettings settings, AuditRecord... records)
            throws Exception {
        try (OneInputStreamOperatorTestHarness<ParsedAudit, AuditRecord> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(new AuditFilter(settings))) {
            for (AuditRecord record : records) {
                harness.processElement(ParsedAudit.parsed(record), record.eventTimeMillis());
            }
            return harness.extractOutputValues().stream().map(AuditRecord::auditId).toList();
        }
    }

    @Test
    void keepsCompletedChangesAndLeavesOutWhatKelemetryLeavesOut() throws Exception {
        ObjectRef lease =
                new ObjectRef(
                        "c1",
                        "coordination.k8s.io",
                        "v1",
                        "leases",
                        "kube-system",
                        "l",
                        "",
                        "Lease");
        ObjectRef event = new ObjectRef("c1", "", "v1", "events", "team", "e", "", "Event");

        assertThat(
                        passed(
                                FilterSettings.defaults(),
                                audit("create").verb("create").on(pod("a")).build(),
                                audit("patch").verb("patch").on(pod("a")).build(),
                                audit("started").stage("ResponseStarted").on(pod("a")).build(),
                                audit("get").verb("get").on(pod("a")).build(),
                                audit("collection").verb("deletecollection").on(pod("a")).build(),
                                audit("lease").on(lease).build(),
                                audit("event").verb("create").on(event).build(),
                                audit("election")
                                        .on(pod("a"))
                                        .userAgent("kube-scheduler/v1.29.2/leader-election")
                                        .build(),
                                audit("review")
                                        .verb("create")
                                        .on(
                                                new ObjectRef(
                                                        "c1",
                                                        "authentication.k8s.io",
                                                        "v1",
                                                        "tokenreviews",
                                                        "",
                                                        "",
                                                        "",
                                                        ""))
                                        .build(),
                                audit("delete").verb("delete").on(pod("a")).build()))
                .containsExactly("create", "patch", "delete");
    }

    @Test
    void appliesTheConfiguredRegexAndClusterLists() throws Exception {
        FilterSettings defaults = FilterSettings.defaults();
        FilterSettings settings =
                new FilterSettings(
                        defaults.verbs(),
                        defaults.excludedResources(),
                        defaults.excludedUserAgents(),
                        "^/v1/pods/team/canary-",
                        Set.of("c1", "c2"),
                        Set.of("c2"));
        ObjectRef other = new ObjectRef("c3", "", "v1", "pods", "team", "a", "", "Pod");
        ObjectRef denied = new ObjectRef("c2", "", "v1", "pods", "team", "a", "", "Pod");

        assertThat(
                        passed(
                                settings,
                                audit("kept").on(pod("a")).build(),
                                audit("canary").on(pod("canary-1")).build(),
                                audit("not-allowed").on(other).build(),
                                audit("denied").on(denied).build()))
                .containsExactly("kept");
    }

    @Test
    void sendsUnusableInputToTheRejectedOutput() throws Exception {
        try (OneInputStreamOperatorTestHarness<ParsedAudit, AuditRecord> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(
                        new AuditFilter(FilterSettings.defaults()))) {
            harness.processElement(
                    ParsedAudit.rejected(Rejection.of("audit.log", 12, "invalid JSON: x", "{x")),
                    0);
            ObjectRef generated = new ObjectRef("c1", "", "v1", "pods", "team", "", "", "Pod");
            harness.processElement(
                    ParsedAudit.parsed(audit("nameless").verb("create").on(generated).build()), 0);

            assertThat(harness.extractOutputValues()).isEmpty();
            assertThat(harness.getSideOutput(AuditFilter.REJECTED))
                    .extracting(StreamRecord::getValue)
                    .extracting(Rejection::source, Rejection::line)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("audit.log", 12L),
                            org.assertj.core.groups.Tuple.tuple("audit.log", 42L));
            assertThat(harness.getSideOutput(AuditFilter.REJECTED))
                    .extracting(StreamRecord::getValue)
                    .extracting(Rejection::reason)
                    .containsExactly(
                            "invalid JSON: x",
                            "no object name in create /apis//pods/ (audit ID nameless): a generated"
                                    + " name is only in the response body, which the Metadata level"
                                    + " leaves out");
        }
    }
}
