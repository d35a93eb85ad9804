package io.kubetrace.bench.live;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A live benchmark's {@code --name value} arguments. */
record BenchArguments(Map<String, String> values) {

    static BenchArguments parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                throw new IllegalArgumentException(
                        "expected --name value pairs, got: " + String.join(" ", args));
            }
            values.put(args[i], args[i + 1]);
        }
        return new BenchArguments(values);
    }

    Optional<String> kafkaBootstrap() {
        return Optional.ofNullable(values.get("--kafka-bootstrap"));
    }

    /** A comma-separated value as a list, empty when absent. */
    List<String> list(String name) {
        String value = values.get(name);
        return value == null ? List.of() : List.of(value.split(","));
    }

    long number(String name, long otherwise) {
        String value = values.get(name);
        return value == null ? otherwise : Long.parseLong(value);
    }
}
