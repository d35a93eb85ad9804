package io.kubetrace.jobs.cli;

import io.kubetrace.jobs.cli.CliErrors.UsageException;
import io.kubetrace.jobs.replay.AuditLogs;
import io.kubetrace.jobs.replay.AuditReplay;
import io.kubetrace.jobs.replay.EventRewriter;
import io.kubetrace.jobs.replay.Pacer;
import io.kubetrace.jobs.replay.RetryPolicy;
import io.kubetrace.jobs.replay.WebhookClient;
import io.kubetrace.sinks.http.TrustedCertificates;
import io.kubetrace.sources.audit.AuditEventParser;
import io.kubetrace.sources.audit.AuditFiles;
import io.kubetrace.sources.audit.AuditSourceOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kubetrace send}: recorded audit logs into the webhook gateway, as kube-apiserver sends.
 */
@Command(
        name = "send",
        header = "Play recorded audit logs into the webhook gateway, as kube-apiserver does.",
        mixinStandardHelpOptions = true,
        description = {
            "Posts the events of audit logs to an audit webhook (kubetrace gateway) as"
                    + " kube-apiserver's webhook backend does: audit.k8s.io/v1 EventLists, in"
                    + " order, one request at a time, each sent again after 429, 500, 502, 503, 504"
                    + " or no answer. Reads every format backfill reads; unusable input is counted"
                    + " and told, not sent."
        })
final class SendCommand implements Callable<Integer> {

    /** How kube-apiserver's audit webhook batches by default (--audit-webhook-batch-max-size). */
    private static final int KUBE_APISERVER_BATCH_SIZE = 400;

    private static final String STANDARD_INPUT = "-";

    @Spec CommandSpec spec;

    @Option(
            names = "--to",
            required = true,
            paramLabel = "URL",
            description =
                    "The webhook, such as http://127.0.0.1:8080/audit/demo (the gateway's"
                            + " /audit/CLUSTER).")
    URI to;

    @Option(
            names = "--audit-log",
            arity = "1..*",
            paramLabel = "PATH",
            description =
                    "Audit log files, or directories of them (every file inside), read oldest"
                            + " first as backfill reads them; - or none: standard input.")
    List<String> auditLogs = new ArrayList<>();

    @Option(
            names = "--batch-size",
            paramLabel = "N",
            defaultValue = "" + KUBE_APISERVER_BATCH_SIZE,
            description =
                    "Most events a request carries (default: ${DEFAULT-VALUE}, as"
                            + " kube-apiserver).")
    int batchSize;

    @Option(
            names = "--rate",
            paramLabel = "EVENTS_PER_S",
            description =
                    "Send at this steady rate (default: as fast as the webhook answers, or in"
                            + " real time with --now).")
    Double rate;

    @Option(
            names = "--now",
            description =
                    "Replay in real time, as if the recorded cluster did it now: each event is"
                            + " sent when due, after the recorded pause since the one before"
                            + " (or at --rate), and stamped with that time.")
    boolean now;

    @Option(
            names = "--max-gap",
            paramLabel = "DURATION",
            defaultValue = "PT1S",
            description =
                    "With --now, a longer pause in the recording is shortened to this, so a"
                            + " capture with months between its parts plays in seconds, ISO-8601"
                            + " (default: ${DEFAULT-VALUE}).")
    Duration maxGap;

    @Option(
            names = "--token-file",
            paramLabel = "FILE",
            description =
                    "Bearer token: the first line of FILE that is not empty or a # comment (the"
                            + " gateway's token file will do).")
    Path tokenFile;

    @Option(
            names = "--repeat",
            paramLabel = "N",
            defaultValue = "1",
            description =
                    "Play the logs N times; each round later than the one before, with audit IDs"
                            + " of its own (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(
            names = "--ca-cert",
            paramLabel = "PEM",
            description = "CA certificates to trust for an https URL (default: the JDK's).")
    Path caCert;

    @Option(
            names = "--retry-timeout",
            paramLabel = "DURATION",
            defaultValue = "PT2M",
            description =
                    "Give up when a batch is not stored this long after its first try, ISO-8601"
                            + " (default: ${DEFAULT-VALUE}).")
    Duration retryTimeout;

    @Override
    public Integer call() throws Exception {
        checkOptions();
        AuditReplay replay =
                new AuditReplay(
                        logs(),
                        repeat,
                        now ? EventRewriter.stampedWhenDue() : EventRewriter.recordedTimes(),
                        pacer(),
                        batchSize,
                        new WebhookClient(to, token(), tls()),
                        new RetryPolicy(retryTimeout),
                        spec.commandLine().getErr());
        AuditReplay.Result result = replay.run();
        spec.commandLine().getOut().println("kubetrace send: " + result.summary());
        spec.commandLine().getOut().flush();
        return 0;
    }

    private void checkOptions() {
        String scheme = to.getScheme() == null ? "" : to.getScheme();
        if (!(scheme.equals("http") || scheme.equals("https")) || to.getHost() == null) {
            throw new UsageException(
                    "--to must be an http:// or https:// URL, such as"
                            + " http://127.0.0.1:8080/audit/demo, not "
                            + to);
        }
        if (caCert != null && !scheme.equals("https")) {
            throw new UsageException("--ca-cert is for an https:// URL, not " + to);
        }
        if (batchSize < 1) {
            throw new UsageException("--batch-size must be at least 1, not " + batchSize);
        }
        if (repeat < 1) {
            throw new UsageException("--repeat must be at least 1, not " + repeat);
        }
        if (rate != null && !(rate > 0)) {
            throw new UsageException("--rate must be more than 0 events per second, not " + rate);
        }
        if (maxGap.isNegative()) {
            throw new UsageException("--max-gap cannot be negative: " + maxGap);
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--max-gap")
                && (!now || rate != null)) {
            throw new UsageException(
                    "--max-gap is for --now without --rate: it shortens the recorded pauses");
        }
        if (retryTimeout.isNegative() || retryTimeout.isZero()) {
            throw new UsageException("--retry-timeout must be longer than 0, not " + retryTimeout);
        }
    }

    private AuditLogs logs() {
        AuditEventParser parser =
                new AuditEventParser(
                        AuditSourceOptions.CLUSTER.defaultValue(),
                        (int) AuditSourceOptions.SNAPSHOT_MAX_SIZE.defaultValue().getBytes());
        int maxDocumentChars = (int) AuditSourceOptions.MAX_DOCUMENT_SIZE.defaultValue().getBytes();
        if (auditLogs.isEmpty() || auditLogs.equals(List.of(STANDARD_INPUT))) {
            if (repeat > 1) {
                throw new UsageException(
                        "--repeat needs --audit-log files: standard input can be read only once");
            }
            return AuditLogs.stream(System.in, "stdin", parser, maxDocumentChars);
        }
        if (auditLogs.contains(STANDARD_INPUT)) {
            throw new UsageException("--audit-log takes files or - (standard input), not both");
        }
        List<Path> files =
                BackfillRun.expand(auditLogs.stream().map(Path::of).toList(), "audit log");
        return AuditLogs.files(
                AuditFiles.oldestFirst(files, parser, maxDocumentChars), parser, maxDocumentChars);
    }

    private Optional<String> token() throws IOException {
        if (tokenFile == null) {
            return Optional.empty();
        }
        if (!Files.isRegularFile(tokenFile)) {
            throw new UsageException("--token-file: no such file: " + tokenFile);
        }
        return Optional.of(
                Files.readAllLines(tokenFile).stream()
                        .map(String::strip)
                        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                        .findFirst()
                        .orElseThrow(
                                () ->
                                        new UsageException(
                                                "--token-file " + tokenFile + " holds no token")));
    }

    private Optional<SSLContext> tls() {
        if (caCert == null) {
            return Optional.empty();
        }
        if (!Files.isRegularFile(caCert)) {
            throw new UsageException("--ca-cert: no such file: " + caCert);
        }
        return Optional.of(TrustedCertificates.sslContext(caCert, "--ca-cert"));
    }

    private Pacer pacer() {
        if (rate != null) {
            return Pacer.perSecond(rate);
        }
        return now ? Pacer.realTime(maxGap) : Pacer.unpaced();
    }
}
