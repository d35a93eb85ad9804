package io.kubetrace.jobs.cli;

import java.util.Map;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Option;

/** The options of every command that runs a job on this machine: its parallelism and settings. */
final class JobFlags {

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            description = "Flink parallelism of a local job (default: ${DEFAULT-VALUE}).",
            defaultValue = "2")
    int parallelism;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "Any kubetrace or Flink setting, such as trace.window=1h.")
    Map<String, String> settings = Map.of();

    /** The {@code --set} settings, over those given. */
    Configuration over(Configuration config) {
        config.addAll(Configuration.fromMap(settings));
        return config;
    }
}
