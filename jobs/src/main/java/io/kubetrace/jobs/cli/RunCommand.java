package io.kubetrace.jobs.cli;

import io.kubetrace.jobs.LiveOptions;
import io.kubetrace.sources.audit.AuditSourceOptions;
import io.kubetrace.sources.kafka.KafkaAuditOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kubetrace run}: the live job over the audit topic and the clusters' watches. */
@Command(
        name = "run",
        header =
                "Trace live clusters: their audit events from Kafka, their objects and Events"
                        + " from watches, until stopped.",
        mixinStandardHelpOptions = true,
        description = {
            "With --kafka-bootstrap it reads the audit events the webhook gateway writes to"
                    + " Kafka: every change, who made it and how it was answered. With"
                    + " --backfill-audit-log it first traces audit log files and then reads the"
                    + " topic from where they end, each event once.",
            "It also lists and then watches the configured resources of each cluster (a"
                    + " kubeconfig context, or the pod's service account): object trees,"
                    + " Kubernetes Events, and the diff of every change. Needs list and watch on"
                    + " those resources (see the README's RBAC); --resources none watches nothing.",
            "Locally it runs in this JVM with RocksDB state, a checkpoint every 30 s and a"
                    + " savepoint when stopped with Ctrl-C; --restore resumes every input where it"
                    + " stopped. Inside a Flink cluster (flink run, the"
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
            names = "--kafka-bootstrap",
            paramLabel = "HOST:PORT",
            description =
                    "Kafka brokers the webhook gateway writes audit events to, comma-separated"
                            + " (kafka.bootstrap-servers); without them no audit event is read.")
    String kafkaBootstrap;

    @Option(
            names = "--topic",
            paramLabel = "TOPIC",
            description = "The audit topic (kafka.topic; default: kubetrace-audit).")
    String topic;

    @Option(
            names = "--backfill-audit-log",
            arity = "1..*",
            paramLabel = "PATH",
            description =
                    "Audit log files or directories to trace first; the topic then takes over"
                            + " from kafka.backfill-overlap (5 min) before their newest event."
                            + " Give the same ones to --restore.")
    List<Path> backfillAuditLogs = new ArrayList<>();

    @Option(
            names = "--cluster",
            paramLabel = "NAME",
            description =
                    "Cluster name of the --backfill-audit-log events, which carry none (default:"
                            + " default, or audit.cluster when set). Give the name the gateway"
                            + " gives this cluster, so that the events in both the files and the"
                            + " topic are traced once, in the same traces.")
    String cluster;

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
                            + " version/resource, comma-separated; 'none' watches no cluster.")
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
            names = "--checkpoint-dir",
            paramLabel = "DIR|URI",
            description =
                    "Where checkpoints go (execution.checkpointing.dir), a directory or a URI such"
                            + " as s3://bucket/kubetrace (default for a local job:"
                            + " --state-dir/checkpoints).")
    String checkpointDirectory;

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
        LiveRun.run(
                settings(),
                backfillAuditLogs,
                out,
                stateDirectory,
                job.parallelism,
                spec.commandLine().getOut());
        return 0;
    }

    /** The job's settings: the file's, then {@code --set}, then the flags. */
    Configuration settings() {
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
        if (cluster != null) {
            settings.set(AuditSourceOptions.CLUSTER, cluster);
        }
        if (kafkaBootstrap != null) {
            settings.set(KafkaAuditOptions.BOOTSTRAP_SERVERS, kafkaBootstrap);
        }
        if (topic != null) {
            settings.set(KafkaAuditOptions.TOPIC, topic);
        }
        if (checkpointDirectory != null) {
            settings.set(
                    CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                    Directories.uri(checkpointDirectory));
        }
        otlp.applyTo(settings);
        if (restore != null) {
            String path =
                    restore.equals("latest")
                            ? RestorePoints.latest(restorePlaces(settings)).toUri().toString()
                            : restore;
            settings.set(StateRecoveryOptions.SAVEPOINT_PATH, path);
        }
        return settings;
    }

    /** The state directory, and the checkpoint directory too when it is a local one. */
    private Path[] restorePlaces(Configuration settings) {
        List<Path> places = new ArrayList<>(List.of(stateDirectory));
        settings.getOptional(CheckpointingOptions.CHECKPOINTS_DIRECTORY)
                .flatMap(Directories::localDirectory)
                .ifPresent(places::add);
        return places.toArray(Path[]::new);
    }
}
