package io.kubetrace.jobs.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebhookExceptionTest {

    private static final URI GATEWAY = URI.create("http://127.0.0.1:8080/audit/demo");

    private static WebhookException refusedException(int status, String body) {
        return WebhookException.refused(GATEWAY, new WebhookAnswer(status, body, null, 0), 400);
    }

    private static String refused(int status, String body) {
        return refusedException(status, body).getMessage();
    }

    @Test
    void saysWhatToChangeForEachRefusal() {
        assertThat(refused(401, "invalid bearer token\n"))
                .isEqualTo(
                        "http://127.0.0.1:8080/audit/demo refused the batch: 401 invalid bearer"
                                + " token; the bearer token is wrong or missing: give the"
                                + " gateway's token with --token-file");
        assertThat(refused(413, "the body is over the limit of 100 bytes"))
                .isEqualTo(
                        "http://127.0.0.1:8080/audit/demo refused the batch: 413 the body is over"
                                + " the limit of 100 bytes; a batch of 400 events is more than the"
                                + " webhook takes: lower --batch-size");
        assertThat(refused(403, "cluster demo is not allowed"))
                .endsWith(
                        "403 cluster demo is not allowed; the gateway does not take events of"
                                + " this cluster");
        assertThat(refused(404, ""))
                .endsWith(": 404; is the URL the gateway's /audit or" + " /audit/{cluster}?");
        assertThat(refused(400, "items[3] is a Pod,\n  not an audit Event"))
                .isEqualTo(
                        "http://127.0.0.1:8080/audit/demo refused the batch: 400 items[3] is a"
                                + " Pod, not an audit Event");
        assertThat(refused(500, "x".repeat(400))).endsWith("500 " + "x".repeat(300) + "…");
    }

    @Test
    void toAnEventTooLargeForKafkaSaysABatchSizeCannotHelpAndTellsTheReasonWhole() {
        // The gateway's answers, as AuditWebhookTest has them: how many were stored comes last.
        String refusedByKafka =
                "Kafka refused items[1] (auditID 5b1e7a1c-40a4-4a2b-9b53-2f0c7c2b1d11) of 250412"
                        + " bytes as too large: the max.message.bytes of topic kubetrace-audit is"
                        + " below kafka.max-record-size plus Kafka's framing (301024 bytes); raise"
                        + " the topic's max.message.bytes to 301024 or lower kafka.max-record-size"
                        + " (Kafka said: The request included a message larger than the max"
                        + " message size the server will accept.); the batch's other 399 events"
                        + " were stored\n";
        String overTheRecordSize =
                "items[1] (auditID huge-1) is 160412 bytes as a Kafka record even without its"
                        + " requestObject and responseObject, over kafka.max-record-size (150000"
                        + " bytes); items[3] (auditID huge-2) is 170233 bytes as a Kafka record and"
                        + " has no requestObject or responseObject to drop, over"
                        + " kafka.max-record-size (150000 bytes); the batch's other 3 events were"
                        + " stored\n";
        String advice =
                "; an event is too large for the gateway or its Kafka topic, whatever the batch"
                        + " size: see the gateway's kafka.max-record-size and the topic's"
                        + " max.message.bytes; the reason names the events left out and how many"
                        + " of the batch were stored";

        // Both are longer than other reasons are shown.
        assertThat(refusedByKafka.length()).isGreaterThan(300);
        assertThat(overTheRecordSize.length()).isGreaterThan(300);
        assertThat(refused(413, refusedByKafka))
                .isEqualTo(
                        "http://127.0.0.1:8080/audit/demo refused the batch: 413 "
                                + refusedByKafka.strip()
                                + advice);
        assertThat(refused(413, overTheRecordSize))
                .isEqualTo(
                        "http://127.0.0.1:8080/audit/demo refused the batch: 413 "
                                + overTheRecordSize.strip()
                                + advice);
        assertThat(refusedException(413, refusedByKafka).partlyStored()).isTrue();
        assertThat(refusedException(413, "the body is over the limit of 100 bytes").partlyStored())
                .isFalse();
        assertThat(refusedException(500, "").partlyStored()).isFalse();
    }

    @Test
    void namesTheWebhookTheTriesAndTheLastFailureWhenItGivesUp() {
        assertThat(
                        WebhookException.gaveUp(
                                        GATEWAY,
                                        37,
                                        Duration.ofMillis(120_400),
                                        Duration.ofMinutes(2),
                                        "503 Kafka did not store the batch: timeout")
                                .getMessage())
                .isEqualTo(
                        "gave up on http://127.0.0.1:8080/audit/demo after 37 tries in 120.4 s"
                                + " (--retry-timeout PT2M); the last: 503 Kafka did not store the"
                                + " batch: timeout");
    }
}
