package io.kubetrace.jobs.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebhookExceptionTest {

    private static final URI GATEWAY = URI.create("http://127.0.0.1:8080/audit/demo");

    private static String refused(int status, String body) {
        return WebhookException.refused(GATEWAY, new WebhookAnswer(status, body, null, 0), 400)
                .getMessage();
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
