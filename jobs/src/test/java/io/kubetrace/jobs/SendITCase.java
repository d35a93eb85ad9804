package io.kubetrace.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubetrace.gateway.Gateway;
import io.kubetrace.gateway.GatewaySettings;
import io.kubetrace.gateway.TestCertificates;
import io.kubetrace.jobs.cli.KubetraceCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code kubetrace send} through the CLI into the real webhook gateway (in this JVM, on 127.0.0.1)
 * in front of a real Kafka broker: the real Falco captures arrive in the topic exactly as a
 * backfill reads them; played twice in real time from now, each event is stamped when it is sent,
 * never later, with the long pauses shortened; a wrong token stops the command and stores nothing;
 * an event too large for the topic stops it with the gateway's word on what it stored; https works
 * with the CA given, and stops at once without it; a broker stopped for a moment costs retries, not
 * events.
 */
class SendITCase {

    private static final String CLUSTER = "minikube";
    private static final String TOKEN = "kube-apiserver-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestingKafka kafka;

    /** Every event of the Falco captures, as recorded, in the files' order. */
    private static List<ObjectNode> falco;

    @TempDir static Path directory;
    private static Path tokens;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void startKafka() throws Exception {
        // A stopped broker registers again once its last session expired.
        kafka =
                TestingKafka.start(
                        Map.of(
                                "broker.session.timeout.ms", "2000",
                                "broker.heartbeat.interval.ms", "200"));
        falco = new ArrayList<>();
        try (Stream<Path> files = Files.list(SharedData.path("audit/falco"))) {
            for (Path file : files.sorted().toList()) {
                falco.addAll(events(file));
            }
        }
        assertThat(falco).hasSize(40);
        tokens = Files.writeString(directory.resolve("tokens"), "# the gateway's\n" + TOKEN + "\n");
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    @Test
    @Timeout(60)
    void storesExactlyTheEventsABackfillReadsAndTellsWhatItCannotRead() throws Exception {
        // Beside the captures, a log with one more event and a line cut short.
        ObjectNode extra = falco.get(0).deepCopy().put("auditID", "one-more");
        Path broken =
                Files.writeString(
                        directory.resolve("broken.log"),
                        extra + "\n{\"kind\":\"Event\",\"auditID\":\"cut\n");
        String topic = topic("falco");
        try (Gateway gateway = gateway(topic)) {
            int exit =
                    sendFalco(
                            url(gateway),
                            // a second path of --audit-log
                            broken.toString(),
                            "--token-file",
                            tokens.toString(),
                            "--batch-size",
                            "7");

            assertThat(exit).as(err.toString()).isZero();
        }

        List<ObjectNode> expected = new ArrayList<>(withCluster(falco));
        expected.add(extra.deepCopy().put("cluster", CLUSTER));
        assertThat(stored(topic)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(out.toString())
                .matches(
                        "kubetrace send: sent 41 events in 6 batches \\([0-9]+ retr(y|ies)\\) in"
                            + " [0-9.]+ s: [0-9]+ events/s; round trip p50 [0-9.]+ ms, p99 [0-9.]+"
                            + " ms; 1 rejected\\R");
        // A broker slow to elect a leader for the new topic may cost a retry, told here too.
        assertThat(err.toString())
                .contains(
                        "kubetrace send: rejected, not sent: "
                                + broken
                                + ":2: JSON document not closed at the end of the input (line 2)"
                                + System.lineSeparator());
    }

    @Test
    @Timeout(60)
    void playsTheCapturesInRealTimeFromNowShorteningLongPausesWithAuditIdsOfTheirOwn()
            throws Exception {
        String topic = topic("now");
        Duration maxGap = Duration.ofMillis(20);
        long before = System.nanoTime();
        Instant started = Instant.now();
        try (Gateway gateway = gateway(topic)) {
            int exit =
                    sendFalco(
                            url(gateway),
                            "--token-file",
                            tokens.toString(),
                            "--now",
                            "--max-gap",
                            maxGap.toString(),
                            "--repeat",
                            "2");

            assertThat(exit).as(err.toString()).isZero();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - before);

        // Oldest first, as send reads the files (one event each; two recorded at once).
        List<ObjectNode> recorded = new ArrayList<>(falco);
        recorded.sort(Comparator.comparing(SendITCase::stage));
        // 37 of the 39 pauses are longer than 20 ms: the two rounds and the pause between them.
        Duration round = maxGap.multipliedBy(37).plusNanos(11_389_000);
        assertThat(err.toString())
                .startsWith(
                        "kubetrace send: 2 rounds of 40 events from 40 files, replayed in real"
                                + " time over 1.5s (pauses over 0.02s shortened)"
                                + System.lineSeparator());
        assertThat(took).isGreaterThanOrEqualTo(round.multipliedBy(2).plus(maxGap));
        // Each event is due less than a second after the first of its batch.
        assertThat(out.toString()).startsWith("kubetrace send: sent 80 events in 2 batches (");

        List<ConsumerRecord<String, String>> records = kafka.records(topic);
        assertThat(records).hasSize(80);
        Map<String, ObjectNode> stored = new HashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            ObjectNode event = (ObjectNode) JSON.readTree(record.value());
            stored.put(event.path("auditID").asText(), event);
            // Never stamped after the gateway stored it (to the millisecond), and at most a
            // batch's second, and a slow machine's round trip, before.
            Instant storedAt = Instant.ofEpochMilli(record.timestamp());
            assertThat(stage(event))
                    .as(record.value())
                    .isBeforeOrEqualTo(storedAt.plusMillis(5))
                    .isAfter(storedAt.minusSeconds(5));
        }
        List<ObjectNode> first = new ArrayList<>();
        List<ObjectNode> second = new ArrayList<>();
        for (ObjectNode event : recorded) {
            String id = event.path("auditID").asText();
            first.add(stored.get(id));
            second.add(stored.get(UUID.nameUUIDFromBytes((id + "/1").getBytes()).toString()));
        }
        assertThat(first).doesNotContainNull();
        assertThat(second).doesNotContainNull();
        assertThat(stage(first.get(0))).isBetween(started, started.plus(took));
        for (int i = 0; i < recorded.size(); i++) {
            // Each request took as long as recorded.
            Duration request = requestDuration(recorded.get(i));
            assertThat(requestDuration(first.get(i))).isEqualTo(request);
            assertThat(requestDuration(second.get(i))).isEqualTo(request);
            if (i > 0) {
                // A pause under 20 ms is kept to the microsecond; a longer one is shortened.
                Duration pause = pause(recorded, i);
                Duration played = pause.compareTo(maxGap) < 0 ? pause : maxGap;
                assertThat(pause(first, i)).isEqualTo(played);
                assertThat(pause(second, i)).isEqualTo(played);
            }
        }
        assertThat(Duration.between(stage(first.get(0)), stage(first.get(39)))).isEqualTo(round);
        assertThat(Duration.between(stage(first.get(39)), stage(second.get(0)))).isEqualTo(maxGap);
    }

    @Test
    @Timeout(60)
    void aWrongTokenStopsTheCommandWithTheGatewaysReasonAndStoresNothing() throws Exception {
        Path wrong = Files.writeString(directory.resolve("wrong-token"), "not-the-token\n");
        String topic = topic("unauthenticated");
        try (Gateway gateway = gateway(topic)) {
            int exit = sendFalco(url(gateway), "--token-file", wrong.toString());

            assertThat(exit).isEqualTo(1);
            assertThat(err.toString())
                    .isEqualTo(
                            "kubetrace send: "
                                    + url(gateway)
                                    + " refused the batch: 401 invalid bearer token; the bearer"
                                    + " token is wrong or missing: give the gateway's token with"
                                    + " --token-file"
                                    + System.lineSeparator());
        }
        assertThat(kafka.values(topic)).isEmpty();
        assertThat(out.toString()).isEmpty();
    }

    @Test
    @Timeout(60)
    void aBatchOverTheGatewaysLimitStopsTheCommandAndSaysHowFarItCame() throws Exception {
        String topic = topic("too-large");
        try (Gateway gateway = gateway(topic, Map.of("max-body", "6 kb"))) {
            // Oldest first, the first two events make 4.3 KB, the next two 6.8 KB.
            assertThat(stoppedInPairs(gateway))
                    .matches(
                            STOPPED_AFTER_ONE_PAIR
                                    + "\\R"
                                    + "kubetrace send: \\Q"
                                    + url(gateway)
                                    + "\\E refused the batch: 413 the body is over the limit of"
                                    + " 6144 bytes; a batch of 2 events is more than the webhook"
                                    + " takes: lower --batch-size\\R");
        }
        assertThat(stored(topic))
                .containsExactlyInAnyOrderElementsOf(withCluster(oldestFour().subList(0, 2)));
    }

    @Test
    @Timeout(60)
    void anEventTooLargeForTheTopicStopsTheCommandSayingWhatTheGatewayStored() throws Exception {
        // Takes the Falco captures' oldest three events (0.8, 3.4 and 3.3 KB), not the fourth
        // (3.5 KB); the gateway, which takes records up to 1 MiB, stores the others of its batch.
        String topic = "small-records";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(
                            List.of(
                                    new NewTopic(topic, 1, (short) 1)
                                            .configs(
                                                    Map.of(
                                                            "retention.ms",
                                                            "-1",
                                                            "max.message.bytes",
                                                            "3510"))))
                    .all()
                    .get();
        }
        List<ObjectNode> oldestFour = oldestFour();
        // Uncompressed, so that the sizes are the events' own.
        try (Gateway gateway =
                gateway(topic, Map.of("kafka.properties.compression.type", "none"))) {
            // The reason whole, to what the gateway stored, and advice other than --batch-size.
            assertThat(stoppedInPairs(gateway))
                    .matches(
                            STOPPED_AFTER_ONE_PAIR
                                    + "; and the events of the refused batch that its reason says"
                                    + " were stored\\R"
                                    + "kubetrace send: \\Q"
                                    + url(gateway)
                                    + " refused the batch: 413 Kafka refused items[1] (auditID "
                                    + oldestFour.get(3).path("auditID").asText()
                                    + ") of \\E[0-9]+\\Q bytes as too large: the max.message.bytes"
                                    + " of topic small-records is below kafka.max-record-size"
                                    + " plus Kafka's framing (\\E[0-9]+\\Q bytes); raise the"
                                    + " topic's max.message.bytes to \\E[0-9]+\\Q or lower"
                                    + " kafka.max-record-size (Kafka said: \\E.+\\Q); the batch's"
                                    + " other event was stored; an event is too large for the"
                                    + " gateway or its Kafka topic, whatever the batch size: see"
                                    + " the gateway's kafka.max-record-size and the topic's"
                                    + " max.message.bytes; the reason names the events left out and"
                                    + " how many of the batch were stored\\E\\R");
        }
        assertThat(stored(topic))
                .containsExactlyInAnyOrderElementsOf(withCluster(oldestFour.subList(0, 3)));
    }

    @Test
    @Timeout(60)
    void sendsOverHttpsTrustingTheCaGivenAndOnlyThen() throws Exception {
        TestCertificates.Identity server = TestCertificates.create(directory, "gateway");
        String topic = topic("https");
        try (Gateway gateway =
                gateway(
                        topic,
                        Map.of(
                                "tls.cert-file", server.certificate().toString(),
                                "tls.key-file", server.privateKey().toString()))) {
            String url = "https://127.0.0.1:" + gateway.port() + "/audit/" + CLUSTER;
            int untrusted = sendFalco(url, "--token-file", tokens.toString());

            assertThat(untrusted).isEqualTo(1);
            assertThat(err.toString())
                    .startsWith("kubetrace send: TLS with " + url + " failed: ")
                    .contains("give the CA that signed the gateway's certificate with --ca-cert");
            assertThat(kafka.values(topic)).isEmpty();

            int trusted =
                    sendFalco(
                            url,
                            "--token-file",
                            tokens.toString(),
                            "--ca-cert",
                            server.certificate().toString());

            assertThat(trusted).as(err.toString()).isZero();
        }
        assertThat(stored(topic)).containsExactlyInAnyOrderElementsOf(withCluster(falco));
    }

    @Test
    @Timeout(60)
    void aBrokerStoppedForAMomentCostsRetriesNotEvents() throws Exception {
        String topic = topic("outage");
        CompletableFuture<Integer> sending;
        try (Gateway gateway = gateway(topic)) {
            kafka.stopBroker();
            try {
                sending =
                        CompletableFuture.supplyAsync(
                                () ->
                                        sendFalco(
                                                url(gateway),
                                                "--token-file",
                                                tokens.toString(),
                                                "--batch-size",
                                                "4"));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!err.toString().contains("goes again") && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(err.toString())
                        .startsWith(
                                "kubetrace send: "
                                        + url(gateway)
                                        + ": 503 Kafka did not store the batch: ")
                        .contains("; the batch of 4 events goes again in 1.0 s");
            } finally {
                kafka.startBroker();
            }
            assertThat(sending.get(45, TimeUnit.SECONDS)).as(err.toString()).isZero();
        }

        assertThat(out.toString())
                .containsPattern(
                        "^kubetrace send: sent 40 events in 10 batches \\([1-9][0-9]*"
                                + " retr(y|ies)\\)");
        // A batch is sent whole again, so some events may be stored twice: the job drops
        // those by their audit ID.
        List<ObjectNode> stored = stored(topic);
        assertThat(stored).hasSizeGreaterThanOrEqualTo(40);
        assertThat(new HashSet<>(stored)).isEqualTo(new HashSet<>(withCluster(falco)));
    }

    /** How the line on how far a replay came begins when it stopped after one batch of two. */
    private static final String STOPPED_AFTER_ONE_PAIR =
            "kubetrace send: stopped; sent 2 events in 1 batch \\(0 retries\\) in [0-9.]+ s:"
                    + " [0-9]+ events/s";

    /** Sends the Falco captures in batches of two until the gateway refuses one; what it told. */
    private String stoppedInPairs(Gateway gateway) {
        int exit = sendFalco(url(gateway), "--token-file", tokens.toString(), "--batch-size", "2");
        assertThat(exit).as(out.toString()).isEqualTo(1);
        return err.toString();
    }

    /** The Falco captures' oldest four events, as recorded, oldest first. */
    private static List<ObjectNode> oldestFour() throws IOException {
        List<ObjectNode> events = new ArrayList<>();
        for (String file :
                List.of(
                        "some-user_creates_namespace_foo.json",
                        "create_nginx_pod_privileged.json",
                        "create_nginx_pod_unprivileged.json",
                        "create_nginx_pod_sensitive_mount.json")) {
            events.addAll(events(SharedData.path("audit/falco/" + file)));
        }
        return events;
    }

    private static List<ObjectNode> withCluster(List<ObjectNode> events) {
        return events.stream().map(event -> event.deepCopy().put("cluster", CLUSTER)).toList();
    }

    private static Instant stage(JsonNode event) {
        return Instant.parse(event.path("stageTimestamp").asText());
    }

    private static Duration requestDuration(JsonNode event) {
        return Duration.between(
                Instant.parse(event.path("requestReceivedTimestamp").asText()), stage(event));
    }

    /** From the event before the one at {@code index} to it. */
    private static Duration pause(List<ObjectNode> events, int index) {
        return Duration.between(stage(events.get(index - 1)), stage(events.get(index)));
    }

    private static String topic(String name) throws Exception {
        kafka.createTopic(name, 2);
        return name;
    }

    private static Gateway gateway(String topic) throws InterruptedException {
        return gateway(topic, Map.of());
    }

    private static Gateway gateway(String topic, Map<String, String> more)
            throws InterruptedException {
        Map<String, String> settings = new HashMap<>(more);
        settings.put("listen.host", "127.0.0.1");
        settings.put("listen.port", "0");
        settings.put("kafka.bootstrap-servers", kafka.bootstrapServers());
        settings.put("kafka.topic", topic);
        settings.put("auth.token-file", tokens.toString());
        // Kafka's absence is told within a second or two, not the default 5 s.
        settings.put("kafka.delivery-timeout", "1500 ms");
        settings.put("kafka.max-block", "1 s");
        return Gateway.start(GatewaySettings.resolve(Optional.empty(), Map.of(), settings));
    }

    private static String url(Gateway gateway) {
        return "http://127.0.0.1:" + gateway.port() + "/audit/" + CLUSTER;
    }

    private static List<ObjectNode> stored(String topic) throws IOException {
        List<ObjectNode> stored = new ArrayList<>();
        for (String value : kafka.values(topic)) {
            stored.add((ObjectNode) JSON.readTree(value));
        }
        return stored;
    }

    private static List<ObjectNode> events(Path file) throws IOException {
        List<ObjectNode> events = new ArrayList<>();
        try (MappingIterator<JsonNode> read =
                JSON.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (read.hasNext()) {
                events.add((ObjectNode) read.next());
            }
        }
        return events;
    }

    /** Sends the Falco captures to the URL, with the options given after. */
    private int sendFalco(String url, String... options) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--to",
                                url,
                                "--audit-log",
                                SharedData.path("audit/falco").toString()));
        args.addAll(List.of(options));
        return send(args.toArray(String[]::new));
    }

    private int send(String... args) {
        CommandLine cli = KubetraceCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] command = new String[args.length + 1];
        command[0] = "send";
        System.arraycopy(args, 0, command, 1, args.length);
        return cli.execute(command);
    }
}
