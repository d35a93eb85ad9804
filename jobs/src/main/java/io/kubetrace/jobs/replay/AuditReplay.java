package io.kubetrace.jobs.replay;

import io.kubetrace.model.Rejection;
import io.kubetrace.sources.audit.RecordedAuditEvent;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Plays recorded audit logs into an audit webhook as kube-apiserver's webhook backend would: the
 * events in order, in {@code EventList} batches, one request at a time, each sent again until it is
 * stored. Optionally paced, in real time as if it happened now, and played several times over.
 */
public final class AuditReplay {

    /**
     * The span of due times one batch gathers. kube-apiserver waits up to 30 s to fill a batch; a
     * replay at a low rate should flow steadily instead.
     */
    static final Duration BATCH_MAX_WAIT = Duration.ofSeconds(1);

    static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(5);

    /** Rejections told one by one; the rest are only counted. */
    static final int REJECTIONS_SHOWN = 10;

    private final AuditLogs logs;
    private final int rounds;
    private final EventRewriter rewriter;
    private final Pacer pacer;
    private final int batchSize;
    private final WebhookSender sender;
    private final ReplayStatistics statistics = new ReplayStatistics();
    private final PrintWriter log;

    private long start;
    private long lastProgress;
    private long lastRetryNotice = Long.MIN_VALUE;

    /**
     * @param rounds how many times the logs are played; more than 1 needs replayable logs
     * @param log where progress, tries again and rejected input are told
     */
    public AuditReplay(
            AuditLogs logs,
            int rounds,
            EventRewriter rewriter,
            Pacer pacer,
            int batchSize,
            WebhookClient client,
            RetryPolicy policy,
            PrintWriter log) {
        if (rounds > 1 && !logs.replayable()) {
            throw new IllegalArgumentException("a stream can be played only once, not " + rounds);
        }
        this.logs = logs;
        this.rounds = rounds;
        this.rewriter = rewriter;
        this.pacer = pacer;
        this.batchSize = batchSize;
        this.sender = new WebhookSender(client, policy, statistics, this::retrying);
        this.log = log;
    }

    /** Plays the logs; returns what was done, and how long it took. */
    public Result run() throws IOException, InterruptedException {
        announce();
        Pacer.Schedule schedule = pacer.schedule();
        Instant wallClock = Instant.now();
        start = System.nanoTime();
        long startEpochNanos = wallClock.getEpochSecond() * 1_000_000_000L + wallClock.getNano();
        lastProgress = start;
        Batch batch = new Batch(batchSize, BATCH_MAX_WAIT);
        for (int round = 0; round < rounds; round++) {
            if (round > 0) {
                rewriter.nextRound();
                schedule.nextRound();
            }
            // Rejections are the input's: told once, not once a round.
            Consumer<Rejection> rejected = round == 0 ? this::rejected : rejection -> {};
            try (AuditLogs.Events events = logs.open(rejected)) {
                RecordedAuditEvent next;
                while ((next = events.next()) != null) {
                    long due = schedule.dueNanos(next.parsed().record().stageNanos());
                    if (!batch.accepts(due)) {
                        send(batch);
                        batch = new Batch(batchSize, BATCH_MAX_WAIT);
                    }
                    batch.add(rewriter.rewrite(next, startEpochNanos + due), due);
                }
            }
        }
        if (!batch.isEmpty()) {
            send(batch);
        }
        long shown = Math.min(statistics.rejectedInput(), REJECTIONS_SHOWN);
        if (statistics.rejectedInput() > shown) {
            log.println(
                    "kubetrace send: and "
                            + (statistics.rejectedInput() - shown)
                            + " more rejected, not sent");
        }
        log.flush();
        return new Result(statistics, System.nanoTime() - start);
    }

    /** What a replay did, and in how long. */
    public record Result(ReplayStatistics statistics, long elapsedNanos) {

        public String summary() {
            return statistics.summary(elapsedNanos);
        }
    }

    /**
     * Tells, before a paced replay starts, how many events it sends and over how long. Only files
     * can be read ahead for it; the rejections are told as the replay reads them.
     */
    private void announce() throws IOException {
        if (!pacer.timed() || !logs.replayable()) {
            return;
        }
        Pacer.Schedule schedule = pacer.schedule();
        long events = 0;
        long firstRecordedNanos = 0;
        long lastDueNanos = 0;
        try (AuditLogs.Events read = logs.open(rejection -> {})) {
            RecordedAuditEvent next;
            while ((next = read.next()) != null) {
                long recorded = next.parsed().record().stageNanos();
                if (events++ == 0) {
                    firstRecordedNanos = recorded;
                }
                lastDueNanos = schedule.dueNanos(recorded);
            }
        }
        if (events > 0 && rounds > 1) {
            // Every round is scheduled as the first, from the time its first event is due.
            schedule.nextRound();
            lastDueNanos += (rounds - 1) * schedule.dueNanos(firstRecordedNanos);
        }
        log.println(
                "kubetrace send: "
                        + (rounds > 1 ? rounds + " rounds of " : "")
                        + events
                        + " events from "
                        + logs.describe()
                        + ", replayed "
                        + pacer.describe(lastDueNanos));
        log.flush();
    }

    private void send(Batch batch) throws WebhookException, InterruptedException {
        long wait = start + batch.lastDueNanos() - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
        try {
            sender.send(batch);
        } catch (WebhookException e) {
            if (statistics.storedAny() || e.partlyStored()) {
                // What is stored stays stored: say how far the replay came.
                log.println(
                        "kubetrace send: stopped; "
                                + statistics.progress(System.nanoTime() - start)
                                + (e.partlyStored()
                                        ? "; and the events of the refused batch that its"
                                                + " reason says were stored"
                                        : ""));
                log.flush();
            }
            throw e;
        }
        long now = System.nanoTime();
        if (now - lastProgress >= PROGRESS_INTERVAL.toNanos()) {
            lastProgress = now;
            log.println("kubetrace send: " + statistics.progress(now - start));
            log.flush();
        }
    }

    /** Told at most every {@link #PROGRESS_INTERVAL}, so that a long outage does not flood. */
    private void retrying(String notice) {
        long now = System.nanoTime();
        if (lastRetryNotice == Long.MIN_VALUE
                || now - lastRetryNotice >= PROGRESS_INTERVAL.toNanos()) {
            lastRetryNotice = now;
            log.println("kubetrace send: " + notice);
            log.flush();
        }
    }

    private void rejected(Rejection rejection) {
        statistics.rejected();
        if (statistics.rejectedInput() <= REJECTIONS_SHOWN) {
            log.println(
                    "kubetrace send: rejected, not sent: "
                            + rejection.source()
                            + ":"
                            + rejection.line()
                            + ": "
                            + rejection.reason());
        }
    }
}
