package io.kubetrace.sources.kube.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.api.connector.source.mocks.MockSplitEnumeratorContext;
import org.junit.jupiter.api.Test;

class KubeWatchEnumeratorTest {

    private static final ClusterConnection PROD = ClusterConnection.ofUrl("prod", "http://prod/");
    private static final ClusterConnection STAGING =
            ClusterConnection.ofUrl("staging", "http://staging/");
    private static final WatchedResource PODS = new WatchedResource("", "v1", "pods");
    private static final WatchedResource EVENTS = new WatchedResource("", "v1", "events");

    private final KubeWatchSource source =
            KubeWatchSource.builder()
                    .clusters(List.of(PROD, STAGING))
                    .resources(List.of(PODS, EVENTS))
                    .build();

    @Test
    void handsOutSplitsRoundRobinAsReadersRegister() throws Exception {
        try (MockSplitEnumeratorContext<KubeWatchSplit> context =
                new MockSplitEnumeratorContext<>(3)) {
            var enumerator = source.createEnumerator(context);
            enumerator.start();
            register(context, enumerator, 2);
            register(context, enumerator, 0);

            assertThat(assignedIds(context))
                    .isEqualTo(
                            Map.of(
                                    0, List.of("prod:v1/pods", "staging:v1/events"),
                                    2, List.of("staging:v1/pods")));
            assertThat(enumerator.snapshotState(1).pending())
                    .extracting(KubeWatchSplit::splitId)
                    .containsExactly("prod:v1/events");

            register(context, enumerator, 1);

            assertThat(assignedIds(context).get(1)).containsExactly("prod:v1/events");
            assertThat(enumerator.snapshotState(2).pending()).isEmpty();
        }
    }

    @Test
    void givesReturnedSplitsBackWithTheirPositionAndStartsOnlyNewOnesFresh() throws Exception {
        KubeWatchSplit returned = KubeWatchSplit.fresh(PROD, PODS).at(WatchPosition.watching("42"));
        // Checkpointed by a job that watched only pods: events are new.
        WatchEnumeratorState restored =
                new WatchEnumeratorState(
                        Set.of("prod:v1/pods", "staging:v1/pods"), List.of(returned));
        try (MockSplitEnumeratorContext<KubeWatchSplit> context =
                new MockSplitEnumeratorContext<>(1)) {
            var enumerator = source.restoreEnumerator(context, restored);
            enumerator.start();
            register(context, enumerator, 0);

            List<KubeWatchSplit> assigned =
                    context.getSplitsAssignmentSequence().stream()
                            .flatMap(assignment -> assignment.assignment().get(0).stream())
                            .toList();
            assertThat(assigned)
                    .containsExactly(
                            returned,
                            KubeWatchSplit.fresh(PROD, EVENTS),
                            KubeWatchSplit.fresh(STAGING, EVENTS));

            // The reader fails, and its splits come back until it registers again.
            context.unregisterReader(0);
            enumerator.addSplitsBack(List.of(returned), 0);
            assertThat(enumerator.snapshotState(1).pending()).containsExactly(returned);
            register(context, enumerator, 0);
            assertThat(context.getSplitsAssignmentSequence().get(1).assignment())
                    .isEqualTo(Map.of(0, List.of(returned)));
        }
    }

    private static void register(
            MockSplitEnumeratorContext<KubeWatchSplit> context,
            org.apache.flink.api.connector.source.SplitEnumerator<
                            KubeWatchSplit, WatchEnumeratorState>
                    enumerator,
            int subtask) {
        context.registerReader(new ReaderInfo(subtask, "localhost"));
        enumerator.addReader(subtask);
    }

    private static Map<Integer, List<String>> assignedIds(
            MockSplitEnumeratorContext<KubeWatchSplit> context) {
        return context.getSplitsAssignmentSequence().stream()
                .map(SplitsAssignment::assignment)
                .flatMap(assignment -> assignment.entrySet().stream())
                .collect(
                        Collectors.groupingBy(
                                Map.Entry::getKey,
                                Collectors.flatMapping(
                                        entry ->
                                                entry.getValue().stream()
                                                        .map(KubeWatchSplit::splitId),
                                        Collectors.toList())));
    }
}
