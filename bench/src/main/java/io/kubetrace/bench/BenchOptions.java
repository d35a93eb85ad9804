package io.kubetrace.bench;

import java.nio.file.Path;

/**
 * What {@code kubetrace bench} is asked to do.
 *
 * @param events the least number of events in each input file
 * @param work where inputs, results and recordings go
 * @param reportDir where REPORT.md and report.json go
 * @param sharedData the real captures ({@code ../shared/data})
 * @param live whether to measure the gateway and the live latency
 * @param home the checkout, for its commit
 */
record BenchOptions(
        long events, Path work, Path reportDir, Path sharedData, boolean live, Path home) {

    static final long DEFAULT_EVENTS = 1_000_000;

    static BenchOptions parse(String[] args) {
        Path home = Path.of(System.getProperty("kubetrace.home", ".")).toAbsolutePath().normalize();
        long events = DEFAULT_EVENTS;
        Path work = home.resolve("bench/target/bench-work");
        Path reportDir = home.resolve("bench");
        Path sharedData = home.resolve("../shared/data").normalize();
        boolean live = true;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--no-live")) {
                live = false;
                continue;
            }
            if (i + 1 == args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String value = args[++i];
            switch (name) {
                case "--events" -> events = Long.parseLong(value.replace("_", ""));
                case "--work" -> work = Path.of(value).toAbsolutePath();
                case "--report-dir" -> reportDir = Path.of(value).toAbsolutePath();
                case "--shared-data" -> sharedData = Path.of(value).toAbsolutePath();
                default ->
                        throw new IllegalArgumentException(
                                "unknown option "
                                        + name
                                        + "; options: --events N, --work DIR, --report-dir DIR,"
                                        + " --shared-data DIR, --no-live");
            }
        }
        if (events < 1000) {
            throw new IllegalArgumentException("--events must be at least 1000, got " + events);
        }
        return new BenchOptions(events, work, reportDir, sharedData, live, home);
    }
}
