package io.kubetrace.jobs.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MILLI = 1_000_000L;

    private static ObjectNode event(String auditId) throws Exception {
        return (ObjectNode)
                JSON.readTree(
                        "{\"kind\":\"Event\",\"auditID\":\""
                                + auditId
                                + "\",\"requestObject\":{\"spec\":{\"replicas\":3}}}");
    }

    @Test
    void carriesTheEventsAsIsInAnAuditEventList() throws Exception {
        Batch batch = new Batch(400, Duration.ofSeconds(1));
        batch.add(event("a"), 0);
        batch.add(event("b"), 0);

        assertThat(new String(batch.body(), StandardCharsets.UTF_8))
                .isEqualTo(
                        "{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"items\":["
                                + "{\"kind\":\"Event\",\"auditID\":\"a\","
                                + "\"requestObject\":{\"spec\":{\"replicas\":3}}},"
                                + "{\"kind\":\"Event\",\"auditID\":\"b\","
                                + "\"requestObject\":{\"spec\":{\"replicas\":3}}}]}");
        assertThat(batch.size()).isEqualTo(2);
    }

    @Test
    void fillsUpToTheBatchSizeWhenEventsAreDueAtOnce() throws Exception {
        Batch batch = new Batch(3, Duration.ofSeconds(1));
        assertThat(batch.isEmpty()).isTrue();
        for (String id : new String[] {"a", "b", "c"}) {
            assertThat(batch.accepts(0)).isTrue();
            batch.add(event(id), 0);
        }

        assertThat(batch.accepts(0)).isFalse();
        assertThat(batch.lastDueNanos()).isZero();
    }

    @Test
    void gathersPacedEventsDueWithinTheMaximumWait() throws Exception {
        Batch batch = new Batch(400, Duration.ofSeconds(1));
        // Paced at 4 events a second, from 10 s into the replay.
        long start = 10_000 * MILLI;
        for (int i = 0; i < 4; i++) {
            assertThat(batch.accepts(start + i * 250 * MILLI)).isTrue();
            batch.add(event("e" + i), start + i * 250 * MILLI);
        }

        assertThat(batch.accepts(start + 1000 * MILLI)).isFalse();
        assertThat(batch.size()).isEqualTo(4);
        assertThat(batch.lastDueNanos()).isEqualTo(start + 750 * MILLI);
        // An empty batch takes any event.
        assertThat(new Batch(400, Duration.ofSeconds(1)).accepts(Long.MAX_VALUE)).isTrue();
    }
}
