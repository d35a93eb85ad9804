package io.kubetrace.sinks.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class OtlpSettingsTest {

    @Test
    void addsTheTracesPathToABareHttpEndpointOnly() {
        assertThat(OtlpSettings.endpoint("http://jaeger:4318", OtlpProtocol.HTTP))
                .isEqualTo(URI.create("http://jaeger:4318/v1/traces"));
        assertThat(OtlpSettings.endpoint("https://collector/otlp/v1/traces", OtlpProtocol.HTTP))
                .isEqualTo(URI.create("https://collector/otlp/v1/traces"));
        assertThat(OtlpSettings.endpoint("http://jaeger:4317", OtlpProtocol.GRPC))
                .isEqualTo(URI.create("http://jaeger:4317"));
    }

    @Test
    void saysWhatIsWrongWithTheSettings() {
        assertThatThrownBy(() -> OtlpSettings.from(new Configuration()))
                .hasMessage("otlp.endpoint is not set");
        Configuration wrongScheme = new Configuration();
        wrongScheme.set(OtlpOptions.ENDPOINT, "jaeger:4317");
        assertThatThrownBy(() -> OtlpSettings.from(wrongScheme))
                .hasMessageContaining("must be http://host:port or https://host:port");
        Configuration smallBuffer = new Configuration();
        smallBuffer.set(OtlpOptions.ENDPOINT, "http://jaeger:4317");
        smallBuffer.set(OtlpOptions.BUFFER_SPANS, 100);
        assertThatThrownBy(() -> OtlpSettings.from(smallBuffer))
                .hasMessageContaining(
                        "otlp.buffer.max-spans (100) must be larger than otlp.batch.max-spans"
                                + " (512)");
    }
}
