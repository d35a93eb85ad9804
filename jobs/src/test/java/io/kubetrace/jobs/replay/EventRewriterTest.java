package io.kubetrace.jobs.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubetrace.model.KubeTime;
import io.kubetrace.sources.audit.AuditEventParser;
import io.kubetrace.sources.audit.RecordedAuditEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventRewriterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AuditEventParser PARSER = new AuditEventParser("default", 1024);

    /** 13:04:19.453817 and 13:04:21.5, as the Falco captures have them (v1beta1 fields too). */
    private static final List<String> RECORDED =
            List.of(
                    event("a", "2018-10-26T13:04:19.450001Z", "2018-10-26T13:04:19.453817Z"),
                    event("b", "2018-10-26T13:04:21.400000Z", "2018-10-26T13:04:21.500000Z"),
                    event("a", "2018-10-26T13:04:21.500000Z", "2018-10-26T13:04:21.600000Z"));

    private static String event(String auditId, String received, String stage) {
        return "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1beta1\","
                + "\"metadata\":{\"creationTimestamp\":\""
                + stage.substring(0, 19)
                + "Z\"},\"auditID\":\""
                + auditId
                + "\",\"verb\":\"create\",\"stage\":\"ResponseComplete\","
                + "\"requestReceivedTimestamp\":\""
                + received
                + "\",\"stageTimestamp\":\""
                + stage
                + "\",\"timestamp\":\""
                + stage.substring(0, 19)
                + "Z\",\"objectRef\":{\"resource\":\"pods\",\"namespace\":\"ns\",\"name\":\"p\"},"
                + "\"responseStatus\":{\"code\":201}}";
    }

    private static RecordedAuditEvent recorded(String json) throws Exception {
        RecordedAuditEvent read = PARSER.read(JSON.readTree(json), "test", 1);
        assertThat(read.isRejected()).as(json).isFalse();
        return read;
    }

    /** Rewrites the events at their recorded times. */
    private static List<ObjectNode> rewrite(EventRewriter rewriter, List<String> events)
            throws Exception {
        return rewrite(rewriter, events, new long[events.size()]);
    }

    private static List<ObjectNode> rewrite(
            EventRewriter rewriter, List<String> events, long... dueEpochNanos) throws Exception {
        List<ObjectNode> rewritten = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            rewritten.add(rewriter.rewrite(recorded(events.get(i)), dueEpochNanos[i]));
        }
        return rewritten;
    }

    private static List<String> field(List<ObjectNode> events, String name) {
        return events.stream().map(event -> event.path(name).asText()).toList();
    }

    @Test
    void keepsTheRecordedEventsAsTheyAreInTheFirstRound() throws Exception {
        List<ObjectNode> sent = rewrite(EventRewriter.recordedTimes(), RECORDED);

        assertThat(sent).containsExactlyElementsOf(read(RECORDED));
    }

    @Test
    void stampsEachEventWithItsDueTimeKeepingHowLongItsRequestTookToTheMicrosecond()
            throws Exception {
        long due = KubeTime.parseNanos("2026-03-01T09:00:00.000100999Z");

        // Due 1 s apart, and 1.5 s, though recorded 2.046183 s and 0.1 s apart.
        List<ObjectNode> sent =
                rewrite(
                        EventRewriter.stampedWhenDue(),
                        RECORDED,
                        due,
                        due + 1_000_000_000L,
                        due + 2_500_000_000L);

        assertThat(field(sent, "stageTimestamp"))
                .containsExactly(
                        "2026-03-01T09:00:00.000100Z",
                        "2026-03-01T09:00:01.000100Z",
                        "2026-03-01T09:00:02.500100Z");
        // Received 3.816 ms, 100 ms and 100 ms before, as recorded.
        assertThat(field(sent, "requestReceivedTimestamp"))
                .containsExactly(
                        "2026-03-01T08:59:59.996284Z",
                        "2026-03-01T09:00:00.900100Z",
                        "2026-03-01T09:00:02.400100Z");
        // v1beta1's timestamp and the metadata are Time, whole seconds, moved by as much.
        assertThat(field(sent, "timestamp"))
                .containsExactly(
                        "2026-03-01T08:59:59Z", "2026-03-01T09:00:00Z", "2026-03-01T09:00:01Z");
        assertThat(sent.get(1).path("metadata").path("creationTimestamp").asText())
                .isEqualTo("2026-03-01T09:00:00Z");
        assertThat(field(sent, "auditID")).containsExactly("a", "b", "a");
        // Nothing else changes.
        List<ObjectNode> recorded = read(RECORDED);
        for (int i = 0; i < sent.size(); i++) {
            for (String time :
                    List.of(
                            "stageTimestamp",
                            "requestReceivedTimestamp",
                            "timestamp",
                            "metadata")) {
                sent.get(i).remove(time);
                recorded.get(i).remove(time);
            }
        }
        assertThat(sent).isEqualTo(recorded);
    }

    @Test
    void writesNanosecondTimesWithTheMicrosecondsKubeApiserverWritesNeverAfterTheDueTime()
            throws Exception {
        long due = KubeTime.parseNanos("2026-03-01T09:00:00.000000999Z");

        List<ObjectNode> sent =
                rewrite(
                        EventRewriter.stampedWhenDue(),
                        List.of(
                                event(
                                        "n",
                                        "2024-01-02T03:04:05.000000001Z",
                                        "2024-01-02T03:04:05.123456789Z")),
                        due);

        assertThat(sent.get(0).path("stageTimestamp").asText())
                .isEqualTo("2026-03-01T09:00:00.000000Z");
        assertThat(sent.get(0).path("requestReceivedTimestamp").asText())
                .isEqualTo("2026-03-01T08:59:59.876544Z");
    }

    @Test
    void stampsEveryRoundWithItsDueTimesAndAuditIdsOfItsOwn() throws Exception {
        EventRewriter rewriter = EventRewriter.stampedWhenDue();
        long due = KubeTime.parseNanos("2026-03-01T09:00:00Z");
        rewrite(rewriter, RECORDED, due, due, due);
        rewriter.nextRound();

        List<ObjectNode> second =
                rewrite(
                        rewriter,
                        RECORDED,
                        due + 7_000_000_000L,
                        due + 8_000_000_000L,
                        due + 9_000_000_000L);

        assertThat(field(second, "stageTimestamp"))
                .containsExactly(
                        "2026-03-01T09:00:07.000000Z",
                        "2026-03-01T09:00:08.000000Z",
                        "2026-03-01T09:00:09.000000Z");
        String a2 = UUID.nameUUIDFromBytes("a/1".getBytes()).toString();
        String b2 = UUID.nameUUIDFromBytes("b/1".getBytes()).toString();
        assertThat(field(second, "auditID")).containsExactly(a2, b2, a2);
    }

    @Test
    void playsEachLaterRoundAfterTheOneBeforeWithAuditIdsOfItsOwn() throws Exception {
        EventRewriter rewriter = EventRewriter.recordedTimes();
        List<ObjectNode> first = rewrite(rewriter, RECORDED);
        rewriter.nextRound();
        List<ObjectNode> second = rewrite(rewriter, RECORDED);
        rewriter.nextRound();
        List<ObjectNode> third = rewrite(rewriter, RECORDED);

        assertThat(field(first, "auditID")).containsExactly("a", "b", "a");
        String a2 = UUID.nameUUIDFromBytes("a/1".getBytes()).toString();
        String b2 = UUID.nameUUIDFromBytes("b/1".getBytes()).toString();
        // The same recorded ID gets the same new one: repeats within a round stay repeats.
        assertThat(field(second, "auditID")).containsExactly(a2, b2, a2);
        assertThat(field(third, "auditID"))
                .containsExactly(
                        UUID.nameUUIDFromBytes("a/2".getBytes()).toString(),
                        UUID.nameUUIDFromBytes("b/2".getBytes()).toString(),
                        UUID.nameUUIDFromBytes("a/2".getBytes()).toString());
        // A round spans 13:04:19.450001 to 13:04:21.600000: the next starts a second after.
        assertThat(field(second, "requestReceivedTimestamp"))
                .containsExactly(
                        "2018-10-26T13:04:22.600000Z",
                        "2018-10-26T13:04:24.549999Z",
                        "2018-10-26T13:04:24.649999Z");
        assertThat(field(second, "stageTimestamp"))
                .containsExactly(
                        "2018-10-26T13:04:22.603816Z",
                        "2018-10-26T13:04:24.649999Z",
                        "2018-10-26T13:04:24.749999Z");
        assertThat(field(third, "requestReceivedTimestamp").get(0))
                .isEqualTo("2018-10-26T13:04:25.749999Z");
        // The rounds of another replay of the same input are the same.
        EventRewriter again = EventRewriter.recordedTimes();
        rewrite(again, RECORDED);
        again.nextRound();
        assertThat(rewrite(again, RECORDED)).isEqualTo(second);
    }

    private static List<ObjectNode> read(List<String> events) throws Exception {
        List<ObjectNode> nodes = new ArrayList<>();
        for (String event : events) {
            nodes.add((ObjectNode) JSON.readTree(event));
        }
        return nodes;
    }
}
