package io.kubetrace.jobs.cli;

import io.kubetrace.jobs.LiveOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kubetrace run}: the live job over the clusters' watches. */
@Command(
        name = "run",
        header = "Trace live clusters: watch their objects and Events, until stopped.",
        mixinStandardHelpOptions = true,
        description = {
            "Lists and then watches the configured resources of each cluster (a kubeconfig"
                    + " context, or the pod's service account) and traces what happens to their"
                    + " objects: object trees, Kubernetes Events, new objects as they appear."
                    + " Needs list and watch on those resources (see the README's RBAC).",
            "Locally it runs in this JVM with RocksDB state, a checkpoint every 30 s and a"
                    + " savepoint when stopped with Ctrl-C; --restore resumes every watch where it"
                    + " stopped, without relisting. Inside a Flink cluster (flink run, the"
                    + " flink-kubernetes-operator) it is submitted to it.",
            "Settings come from --config, then --set, then the flags; later wins."
        })
final class RunCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description =
                    "YAML file of kubetrace and Flink settings (watch.contexts,"
                            + " watch.resources, otlp.endpoint, trace.window, ...).")
    Path config;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description =
                    "Directory for one Jaeger JSON file per trace, written at every checkpoint,"
                            + " and rejected.jsonl. Give --out, --otlp-endpoint, or both.")
    Path out;

    @Mixin OtlpFlags otlp;

    @Option(
            names = "--kubeconfig",
            paramLabel = "FILE",
            description = "kubeconfig file (default: $KUBECONFIG, else ~/.kube/config).")
    String kubeconfig;

    @Option(
            names = "--context",
            paramLabel = "NAME",
            description =
                    "A kubeconfig context to watch, each a cluster named after it; '*' for all"
                            + " (default: the current context).")
    List<String> contexts;

    @Option(
            names = "--resources",
            split = ",",
            paramLabel = "RESOURCE",
            description =
                    "Resources to watch: 'default', 'all' (every resource the clusters serve,"
                            + " but watch.exclude-resources), and group/version/resource or"
                            + " version/resource, comma-separated.")
    List<String> resources;

    @Option(
            names = "--state-dir",
            paramLabel = "DIR",
            defaultValue = "kubetrace-state",
            description =
                    "Where a local job keeps checkpoints, savepoints and RocksDB files (default:"
                            + " ${DEFAULT-VALUE}).")
    Path stateDirectory;

    @Option(
            names = "--restore",
            paramLabel = "PATH|latest",
            description =
                    "Resume from a savepoint or retained checkpoint; 'latest' takes the newest in"
                            + " --state-dir.")
    String restore;

    @Mixin JobFlags job;

    @Override
    public Integer call() throws Exception {
        Configuration settings =
                job.over(config == null ? new Configuration() : ConfigFile.read(config));
        if (kubeconfig != null) {
            settings.set(LiveOptions.KUBECONFIG, kubeconfig);
        }
        if (contexts != null) {
            settings.set(LiveOptions.CONTEXTS, contexts);
        }
        if (resources != null) {
            settings.set(LiveOptions.RESOURCES, resources);
        }
        otlp.applyTo(settings);
        if (restore != null) {
            String path =
                    restore.equals("latest")
                            ? RestorePoints.latest(stateDirectory).toUri().toString()
                            : restore;
            settings.set(StateRecoveryOptions.SAVEPOINT_PATH, path);
        }
        LiveRun.run(settings, out, stateDirectory, job.parallelism, spec.commandLine().getOut());
        return 0;
    }
}
