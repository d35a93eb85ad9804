package io.kubetrace.jobs.replay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebhookAnswerTest {

    private static WebhookAnswer answer(int status) {
        return new WebhookAnswer(status, "", null, 0);
    }

    @Test
    void sendsAgainAfterWhatKubeApiserversWebhookRetries() {
        for (int status : new int[] {429, 500, 502, 503, 504}) {
            assertThat(answer(status).retryable()).as("%d", status).isTrue();
        }
        for (int status : new int[] {200, 400, 401, 403, 404, 413, 501}) {
            assertThat(answer(status).retryable()).as("%d", status).isFalse();
        }
        assertThat(answer(204).stored()).isTrue();
        assertThat(answer(500).stored()).isFalse();
    }
}
