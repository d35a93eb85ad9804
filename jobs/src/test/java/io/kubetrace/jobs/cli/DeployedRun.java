package io.kubetrace.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubetrace.jobs.deploy.Manifests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.ParseResult;

/**
 * {@code kubetrace run} as the FlinkDeployment of k8s/ starts it in the JobManager: its {@code
 * spec.job.args}, parsed by the CLI, with the settings file the pod has mounted.
 */
final class DeployedRun {

    private DeployedRun() {}

    static JsonNode flinkDeployment() {
        return Manifests.resource("FlinkDeployment", "kubetrace");
    }

    static List<String> arguments() {
        List<String> arguments = new ArrayList<>();
        flinkDeployment()
                .path("spec")
                .path("job")
                .path("args")
                .forEach(a -> arguments.add(a.asText()));
        return arguments;
    }

    /**
     * The command the arguments make, reading its {@code --config} from a copy in {@code directory}
     * of the file the pod has at that path.
     */
    static RunCommand command(Path directory) throws IOException {
        ParseResult parsed =
                KubetraceCli.commandLine().parseArgs(arguments().toArray(String[]::new));
        assertThat(parsed.subcommand()).as("spec.job.args name a subcommand").isNotNull();
        Object command = parsed.subcommand().commandSpec().userObject();
        assertThat(command).as("spec.job.args run `kubetrace run`").isInstanceOf(RunCommand.class);
        RunCommand run = (RunCommand) command;
        assertThat(run.config).as("spec.job.args give --config").isNotNull();

        JsonNode podSpec = flinkDeployment().path("spec").path("podTemplate").path("spec");
        JsonNode container = null;
        for (JsonNode candidate : podSpec.path("containers")) {
            if (candidate.path("name").asText().equals("flink-main-container")) {
                container = candidate;
            }
        }
        assertThat(container).as("the pod template's flink-main-container").isNotNull();
        Path mounted = Manifests.mountedConfigFile(podSpec, container, run.config.toString());
        run.config = Files.copy(mounted, directory.resolve(mounted.getFileName()));
        return run;
    }

    /** The job's settings, as {@link RunCommand} makes them from its file and flags. */
    static Configuration settings(Path directory) throws IOException {
        return command(directory).settings();
    }
}
