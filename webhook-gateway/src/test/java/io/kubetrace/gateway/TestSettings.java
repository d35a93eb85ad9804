package io.kubetrace.gateway;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Gateway settings for tests: the defaults, a Kafka address, and what a test changes. */
final class TestSettings {

    private TestSettings() {}

    static GatewaySettings with(String... keysAndValues) {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("kafka.bootstrap-servers", "127.0.0.1:9092");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            flags.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return GatewaySettings.resolve(Optional.empty(), Map.of(), flags);
    }
}
