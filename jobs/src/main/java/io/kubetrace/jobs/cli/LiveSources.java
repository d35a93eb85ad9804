package io.kubetrace.jobs.cli;

import io.kubetrace.jobs.LiveJob;
import io.kubetrace.jobs.cli.CliErrors.UsageException;
import io.kubetrace.sources.audit.AuditEventParser;
import io.kubetrace.sources.audit.AuditFiles;
import io.kubetrace.sources.audit.AuditSourceOptions;
import io.kubetrace.sources.kafka.AuditFilesThenKafka;
import io.kubetrace.sources.kafka.KafkaAuditSettings;
import io.kubetrace.sources.kafka.KafkaAuditSource;
import io.kubetrace.sources.kube.watch.ClusterConnection;
import io.kubetrace.sources.kube.watch.KubeWatchSource;
import io.kubetrace.sources.kube.watch.WatchSettings;
import io.kubetrace.sources.kube.watch.WatchedResource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.util.TimeUtils;

/**
 * What {@code kubetrace run} reads, as its settings say: the audit topic when Kafka brokers are
 * given (after audit log files, with {@code --backfill-audit-log}), the clusters' watches unless
 * {@code watch.resources} is {@code none}, or both; and how to say so to the person who started it.
 */
final class LiveSources {

    private final LiveJob.Inputs inputs;
    private final List<String> description;

    private LiveSources(LiveJob.Inputs inputs, List<String> description) {
        this.inputs = inputs;
        this.description = List.copyOf(description);
    }

    /**
     * Resolves the clusters and resources to watch, and reads the backfill files for where the
     * topic takes over.
     *
     * @param backfillAuditLogs audit log files or directories to trace before the topic; may be
     *     empty
     * @throws IOException naming a cluster that cannot say which resources it serves
     */
    static LiveSources from(ReadableConfig config, List<Path> backfillAuditLogs)
            throws IOException {
        boolean readsAudit = KafkaAuditSettings.isConfigured(config);
        boolean watches = WatchTargets.watchesClusters(config);
        if (!readsAudit && !backfillAuditLogs.isEmpty()) {
            throw new UsageException(
                    "--backfill-audit-log needs --kafka-bootstrap: the audit topic takes over where"
                            + " the files end (for files alone: kubetrace backfill)");
        }
        if (!readsAudit && !watches) {
            throw new UsageException(
                    "nothing to trace: give --kafka-bootstrap for audit events, or clusters to"
                            + " watch (watch.resources is none)");
        }
        List<String> description = new ArrayList<>();
        LiveJob.AuditInput audits =
                readsAudit ? audits(config, backfillAuditLogs, description) : null;
        KubeWatchSource watchSource = null;
        if (watches) {
            List<ClusterConnection> clusters = WatchTargets.clusters(config);
            List<WatchedResource> resources = WatchTargets.resources(config, clusters);
            watchSource =
                    KubeWatchSource.builder()
                            .clusters(clusters)
                            .resources(resources)
                            .settings(WatchSettings.from(config))
                            .build();
            description.add(
                    String.format(
                            "watching %d resources in %s",
                            resources.size(),
                            clusters.stream().map(ClusterConnection::name).toList()));
        }
        return new LiveSources(new LiveJob.Inputs(audits, watchSource), description);
    }

    private static LiveJob.AuditInput audits(
            ReadableConfig config, List<Path> backfillAuditLogs, List<String> description) {
        KafkaAuditSettings kafka;
        try {
            kafka = KafkaAuditSettings.from(config);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        AuditEventParser parser = AuditEventParser.from(config);
        String topic = "topic " + kafka.topic() + " at " + kafka.bootstrapServers();
        if (backfillAuditLogs.isEmpty()) {
            description.add(
                    "reading audit events from "
                            + topic
                            + " (without state: "
                            + kafka.startingOffsets().name().toLowerCase()
                            + " offsets)");
            return LiveJob.AuditInput.kafka(KafkaAuditSource.of(kafka, parser));
        }
        int maxDocumentChars = (int) config.get(AuditSourceOptions.MAX_DOCUMENT_SIZE).getBytes();
        List<Path> files = BackfillRun.expand(backfillAuditLogs, "audit log");
        AuditFilesThenKafka source =
                AuditFilesThenKafka.of(
                        AuditFiles.oldestFirst(files, parser, maxDocumentChars),
                        parser,
                        maxDocumentChars,
                        kafka);
        description.add(
                source.filesEnd()
                        .map(
                                end ->
                                        String.format(
                                                "tracing %d audit log files of cluster %s (up to"
                                                        + " %s), then %s from %s (%s before)",
                                                files.size(),
                                                config.get(AuditSourceOptions.CLUSTER),
                                                end,
                                                topic,
                                                source.topicFrom().orElseThrow(),
                                                TimeUtils.formatWithHighestUnit(source.overlap())))
                        .orElse(
                                String.format(
                                        "tracing %d audit log files (no event in them), then %s",
                                        files.size(), topic)));
        return LiveJob.AuditInput.filesThenKafka(source);
    }

    LiveJob.Inputs inputs() {
        return inputs;
    }

    /** One line for each input, for the console. */
    List<String> description() {
        return description;
    }
}
