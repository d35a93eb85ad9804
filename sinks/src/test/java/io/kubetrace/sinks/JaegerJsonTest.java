package io.kubetrace.sinks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubetrace.model.SpanRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

class JaegerJsonTest {

    @Test
    void writesWhatJaegerUiReadsWithOneProcessPerServiceAndCluster() {
        JsonNode document = JaegerJson.trace(TestSpans.TRACE, TestSpans.trace());

        JsonNode trace = document.path("data").path(0);
        assertThat(trace.path("traceID").asText()).isEqualTo(TestSpans.TRACE);
        assertThat(trace.path("processes").size()).isEqualTo(2);
        assertThat(trace.path("processes").path("p1").path("serviceName").asText())
                .isEqualTo("deployments");
        JsonNode root = trace.path("spans").path(0);
        assertThat(root.path("operationName").asText()).isEqualTo("team/web");
        assertThat(root.path("references").size()).isZero();
        assertThat(root.path("startTime").asLong()).isEqualTo(TestSpans.T0 / 1000);
        assertThat(root.path("duration").asLong()).isEqualTo(900_000);
        JsonNode failed = trace.path("spans").path(3);
        assertThat(failed.path("references").path(0).path("refType").asText())
                .isEqualTo("CHILD_OF");
        assertThat(failed.path("references").path(1).path("refType").asText())
                .isEqualTo("FOLLOWS_FROM");
        assertThat(failed.path("tags").toString())
                .contains("{\"key\":\"audit.response_code\",\"type\":\"int64\",\"value\":409}")
                .contains("{\"key\":\"error\",\"type\":\"bool\",\"value\":true}");
        assertThat(failed.path("logs").path(0).path("fields").path(0).toString())
                .isEqualTo("{\"key\":\"event\",\"type\":\"string\",\"value\":\"error\"}");
    }

    @Test
    void readsBackWhatItWroteToTheMicrosecond() {
        List<SpanRecord> spans = TestSpans.trace();

        List<SpanRecord> read = JaegerJson.read(JaegerJson.trace(TestSpans.TRACE, spans));

        assertThat(read).containsExactlyInAnyOrderElementsOf(spans);
    }
}
