package io.kubetrace.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubetrace.jobs.KubetraceEnvironment;
import io.kubetrace.jobs.PipelineSettings;
import io.kubetrace.jobs.SpanOutput;
import io.kubetrace.jobs.TracingPipeline;
import io.kubetrace.jobs.Uids;
import io.kubetrace.jobs.simulate.AuditSimulator;
import io.kubetrace.jobs.simulate.SimulationOptions;
import io.kubetrace.model.ParsedAudit;
import io.kubetrace.model.ParsedObject;
import io.kubetrace.sources.audit.AuditEventParser;
import io.kubetrace.sources.audit.AuditFileSource;
import io.kubetrace.sources.kube.KubeObjectParser;
import io.kubetrace.sources.kube.ObjectFileSource;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.AccessExecutionJobVertex;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.FileUtils;

/**
 * The state kubetrace keeps per object, and how long a restore of it takes. Simulates a steady
 * cluster (Deployments that are created, scaled, updated and kept, with their ReplicaSets and
 * Pods), backfills its audit log and object versions on a local Flink with RocksDB, and once
 * everything is read and every trace window has closed, takes a native and a canonical savepoint.
 * It reports their size per object, per operator, and how long a job takes to restore from each
 * until all its tasks run.
 *
 * <p>The backfill's inputs end, but its operators must still be running when the savepoint is taken
 * (a finished operator leaves no state behind), so each input is joined by a source that never
 * emits and is idle: the job stays up while the end-of-input watermark closes every window.
 *
 * <p>Run: {@code ... io.kubetrace.bench.StateSize 12500 3} (Deployments, replicas each: 100,000
 * Pods created over their lives).
 */
public final class StateSize {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(200);

    private StateSize() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("--audit-log")) {
            afterBackfill(Path.of(args[1]), Path.of(args[2]));
            return;
        }
        if (args.length != 2) {
            throw new IllegalArgumentException(
                    "usage: StateSize DEPLOYMENTS REPLICAS, or StateSize --audit-log FILE"
                            + " RESULT_JSON");
        }
        steadyCluster(Integer.parseInt(args[0]), Integer.parseInt(args[1]));
    }

    /**
     * The state after a backfill of an audit log alone (no object versions, so no differ): a native
     * savepoint's size per operator and per object still tracked, written as JSON.
     */
    static void afterBackfill(Path audit, Path result) throws Exception {
        Census census = Census.ofAuditLog(audit);
        System.out.printf(
                "objects in %s: %,d seen, %,d live at the end %s%n",
                audit, census.seen(), census.liveTotal(), census.live());
        Path work = Files.createTempDirectory(result.toAbsolutePath().getParent(), "state-size-");
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("objects_seen", census.seen());
        json.put("objects_live", census.liveTotal());
        json.put("live_by_kind", census.live());
        try (Job job = Job.start(work, audit, null)) {
            json.put("backfill_seconds", job.backfillSeconds());
            Savepoint nativeSavepoint = job.savepoint(SavepointFormatType.NATIVE);
            nativeSavepoint.print("native (RocksDB files)", census);
            json.put("native_savepoint_bytes", nativeSavepoint.bytes());
            json.put("native_bytes_by_operator", nativeSavepoint.byOperator());
            Savepoint canonicalSavepoint = job.savepoint(SavepointFormatType.CANONICAL);
            canonicalSavepoint.print("canonical", census);
            json.put("canonical_savepoint_bytes", canonicalSavepoint.bytes());
            json.put("canonical_bytes_by_operator", canonicalSavepoint.byOperator());
            job.cancel();
        } finally {
            FileUtils.deleteDirectory(work.toFile());
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(result.toFile(), json);
    }

    /**
     * A steady simulated cluster's audit log and object versions: native and canonical savepoints
     * per operator and per live object, and how long a restore from each takes.
     */
    private static void steadyCluster(int deployments, int replicas) throws Exception {
        Path work = Files.createTempDirectory("kubetrace-state-size-");
        Path audit = work.resolve("audit.jsonl");
        Path objects = work.resolve("objects.jsonl");
        long started = System.nanoTime();
        AuditSimulator.Written written;
        try (Writer auditOut = Files.newBufferedWriter(audit);
                Writer objectsOut = Files.newBufferedWriter(objects)) {
            written =
                    new AuditSimulator(
                                    new SimulationOptions(
                                            deployments,
                                            replicas,
                                            0,
                                            0,
                                            1,
                                            20,
                                            200,
                                            Instant.parse("2026-11-01T00:00:00Z"),
                                            Duration.ofHours(6),
                                            1,
                                            true))
                            .write(auditOut, objectsOut);
        }
        Census census = Census.ofObjects(objects);
        System.out.printf(
                "simulated %d Deployments x %d replicas in %.1f s: %,d audit events, %,d object"
                        + " versions and Events (%,d MB)%n",
                deployments,
                replicas,
                seconds(started),
                written.auditEvents(),
                written.objectsAndEvents(),
                (Files.size(audit) + Files.size(objects)) >> 20);
        System.out.printf(
                "objects: %,d seen (%,d Pods), %,d live at the end %s, %,d Events%n",
                census.seen(),
                census.seenPods(),
                census.liveTotal(),
                census.live(),
                census.events());
        try (Job job = Job.start(work, audit, objects)) {
            System.out.printf(
                    "backfill: everything read and every window closed after %.1f s%n",
                    job.backfillSeconds());
            Savepoint nativeSavepoint = job.savepoint(SavepointFormatType.NATIVE);
            Savepoint canonicalSavepoint = job.savepoint(SavepointFormatType.CANONICAL);
            job.cancel();
            nativeSavepoint.print("native (RocksDB files)", census);
            canonicalSavepoint.print("canonical", census);
            for (Savepoint savepoint : List.of(nativeSavepoint, canonicalSavepoint)) {
                System.out.printf(
                        "restore from %s: every task running after %.1f s%n",
                        savepoint.path(), job.restoreSeconds(savepoint.path()));
            }
        }
    }

    /** The backfill on a MiniCluster of its own, kept running once its inputs are read. */
    private static final class Job implements AutoCloseable {

        private final MiniCluster cluster;
        private final Configuration config;
        private final Path work;
        private final Path audit;
        private final Path objects;
        private final JobID backfill;
        private final double backfillSeconds;

        private Job(
                MiniCluster cluster,
                Configuration config,
                Path work,
                Path audit,
                Path objects,
                JobID backfill,
                double backfillSeconds) {
            this.cluster = cluster;
            this.config = config;
            this.work = work;
            this.audit = audit;
            this.objects = objects;
            this.backfill = backfill;
            this.backfillSeconds = backfillSeconds;
        }

        /** Runs the backfill until everything is read and every window has closed. */
        static Job start(Path work, Path audit, Path objects) throws Exception {
            Configuration config = KubetraceEnvironment.essentials(new Configuration());
            config.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
            // Savepoints of this size need file checkpoint storage; the JobManager's holds 5 MB.
            config.set(
                    CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                    work.resolve("checkpoints").toUri().toString());
            config.setString("state.backend.rocksdb.localdir", work.resolve("rocksdb").toString());
            config.set(TaskManagerOptions.NUM_TASK_SLOTS, 2);
            config.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("512mb"));
            MiniCluster cluster =
                    new MiniCluster(
                            new MiniClusterConfiguration.Builder()
                                    .setConfiguration(config)
                                    .setNumTaskManagers(1)
                                    .setNumSlotsPerTaskManager(2)
                                    .build());
            cluster.start();
            try {
                long started = System.nanoTime();
                JobID backfill =
                        cluster.submitJob(jobGraph(config, audit, objects, null)).get().getJobID();
                awaitTasks(cluster, backfill, true);
                return new Job(cluster, config, work, audit, objects, backfill, seconds(started));
            } catch (Exception e) {
                cluster.close();
                throw e;
            }
        }

        double backfillSeconds() {
            return backfillSeconds;
        }

        Savepoint savepoint(SavepointFormatType format) throws Exception {
            long started = System.nanoTime();
            String path =
                    cluster.triggerSavepoint(
                                    backfill,
                                    work.resolve("savepoints").toUri().toString(),
                                    false,
                                    format)
                            .get();
            System.out.printf("%s savepoint taken in %.1f s%n", format, seconds(started));
            return Savepoint.read(path);
        }

        void cancel() throws Exception {
            StateSize.cancel(cluster, backfill);
        }

        /** Seconds from submitting a job restored from the savepoint until all its tasks run. */
        double restoreSeconds(String savepoint) throws Exception {
            long started = System.nanoTime();
            JobID restored =
                    cluster.submitJob(jobGraph(config, audit, objects, savepoint)).get().getJobID();
            awaitTasks(cluster, restored, false);
            double seconds = seconds(started);
            StateSize.cancel(cluster, restored);
            return seconds;
        }

        @Override
        public void close() throws Exception {
            cluster.close();
        }
    }

    private static JobGraph jobGraph(
            Configuration config, Path audit, Path objects, String savepoint) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(2);
        AuditEventParser parser = new AuditEventParser("default", 64 * 1024);
        DataStream<ParsedAudit> audits =
                env.fromSource(
                                AuditFileSource.of(List.of(audit), parser, 1 << 26),
                                AuditFileSource.watermarks(Duration.ofSeconds(5)),
                                "audit log files",
                                TypeInformation.of(ParsedAudit.class))
                        .uid(Uids.AUDIT_FILE_SOURCE)
                        .union(keepAlive(env, ParsedAudit.class, "keep-alive-audit"));
        DataStream<ParsedObject> versions =
                objects == null
                        ? null
                        : env.fromSource(
                                        ObjectFileSource.of(
                                                List.of(objects),
                                                new KubeObjectParser("default"),
                                                1 << 26),
                                        ObjectFileSource.watermarks(Duration.ofSeconds(5)),
                                        "object files",
                                        TypeInformation.of(ParsedObject.class))
                                .uid(Uids.OBJECT_FILE_SOURCE)
                                .union(keepAlive(env, ParsedObject.class, "keep-alive-objects"));
        TracingPipeline.trace(audits, versions, PipelineSettings.defaults())
                .writeTo(
                        List.of(
                                new SpanOutput(
                                        "discard-spans",
                                        "discard spans",
                                        new DiscardingSink<>(),
                                        false)),
                        new DiscardingSink<>());
        JobGraph graph = env.getStreamGraph().getJobGraph();
        if (savepoint != null) {
            graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint));
        }
        return graph;
    }

    /** A source that never emits nor ends, and is idle, so it holds no watermark back. */
    private static <T> DataStream<T> keepAlive(
            StreamExecutionEnvironment env, Class<T> type, String uid) {
        RateLimiterStrategy<?> never = parallelism -> new Never<>();
        return env.fromSource(
                        new DataGeneratorSource<>(
                                index -> {
                                    throw new IllegalStateException("a keep-alive never emits");
                                },
                                Long.MAX_VALUE,
                                never,
                                TypeInformation.of(type)),
                        WatermarkStrategy.<T>forMonotonousTimestamps()
                                .withIdleness(Duration.ofSeconds(1)),
                        uid)
                .uid(uid)
                .setParallelism(1);
    }

    /** Permits that never come. */
    private static final class Never<S extends org.apache.flink.api.connector.source.SourceSplit>
            implements RateLimiter<S> {
        @Override
        public java.util.concurrent.CompletionStage<Void> acquire(int permits) {
            return new CompletableFuture<>();
        }
    }

    /**
     * Waits until the file sources have finished (in a backfill) and every other task runs, which
     * for a restored job means its state is loaded.
     */
    private static void awaitTasks(MiniCluster cluster, JobID job, boolean sourcesFinished)
            throws Exception {
        while (true) {
            AccessExecutionGraph graph = cluster.getExecutionGraph(job).get();
            if (graph.getState().isTerminalState()) {
                throw new IllegalStateException("the job ended: " + graph.getFailureInfo());
            }
            // A job still initializing has no tasks yet.
            boolean ready = graph.getState() == JobStatus.RUNNING;
            for (AccessExecutionJobVertex vertex : graph.getVerticesTopologically()) {
                boolean fileSource = vertex.getName().contains(" files");
                for (AccessExecutionVertex task : vertex.getTaskVertices()) {
                    ExecutionState state = task.getExecutionState();
                    ready &=
                            fileSource && sourcesFinished
                                    ? state == ExecutionState.FINISHED
                                    : state == ExecutionState.RUNNING
                                            || state == ExecutionState.FINISHED;
                }
            }
            if (ready) {
                return;
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private static void cancel(MiniCluster cluster, JobID job) throws Exception {
        cluster.cancelJob(job).get();
        while (cluster.getJobStatus(job).get() != JobStatus.CANCELED) {
            Thread.sleep(POLL.toMillis());
        }
    }

    /** A savepoint's size on disk, whole and per operator (by uid). */
    record Savepoint(String path, long bytes, Map<String, Long> byOperator) {

        static Savepoint read(String path) throws IOException {
            Path directory = Path.of(java.net.URI.create(path));
            long bytes;
            try (Stream<Path> files = Files.walk(directory)) {
                bytes = files.filter(Files::isRegularFile).mapToLong(StateSize::size).sum();
            }
            CheckpointMetadata metadata;
            try (InputStream in = Files.newInputStream(directory.resolve("_metadata"))) {
                metadata =
                        Checkpoints.loadCheckpointMetadata(
                                new DataInputStream(in), StateSize.class.getClassLoader(), path);
            }
            Map<String, Long> byOperator = new TreeMap<>();
            for (OperatorState operator : metadata.getOperatorStates()) {
                if (operator.getStateSize() > 0) {
                    byOperator.put(
                            operator.getOperatorUid().orElse(operator.getOperatorID().toString()),
                            operator.getStateSize());
                }
            }
            return new Savepoint(path, bytes, byOperator);
        }

        void print(String format, Census census) {
            System.out.printf(
                    "%s savepoint: %,d bytes on disk = %.0f bytes per live object, %.0f per object"
                            + " seen%n",
                    format,
                    bytes,
                    (double) bytes / census.liveTotal(),
                    (double) bytes / census.seen());
            byOperator.forEach(
                    (operator, size) ->
                            System.out.printf(
                                    "  %-24s %,14d bytes  %8.1f per live object%n",
                                    operator, size, (double) size / census.liveTotal()));
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    /** The objects of a simulation: every one seen, those still there at its end, its Events. */
    record Census(long seen, long seenPods, Map<String, Long> live, long events) {

        long liveTotal() {
            return live.values().stream().mapToLong(Long::longValue).sum();
        }

        static Census ofObjects(Path objects) throws IOException {
            Set<String> seen = new HashSet<>();
            long seenPods = 0;
            Map<String, Long> live = new HashMap<>();
            long events = 0;
            try (BufferedReader lines = Files.newBufferedReader(objects)) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    JsonNode watchEvent = JSON.readTree(line);
                    JsonNode object = watchEvent.path("object");
                    String kind = object.path("kind").asText();
                    if (kind.equals("Event")) {
                        events++;
                        continue;
                    }
                    if (seen.add(object.path("metadata").path("uid").asText())
                            && kind.equals("Pod")) {
                        seenPods++;
                    }
                    switch (watchEvent.path("type").asText()) {
                        case "ADDED" -> live.merge(kind, 1L, Long::sum);
                        case "DELETED" -> live.merge(kind, -1L, Long::sum);
                        default -> {}
                    }
                }
            }
            return new Census(seen.size(), seenPods, new TreeMap<>(live), events);
        }

        /**
         * The objects an audit log created and deleted: an object is seen when a write names it,
         * live when its last successful create is not followed by a successful delete. Reads only
         * each event's verb, objectRef, cluster and response code, skipping the bodies.
         */
        static Census ofAuditLog(Path audit) throws IOException {
            Set<String> seen = new HashSet<>();
            Map<String, String> liveKinds = new HashMap<>();
            long seenPods = 0;
            try (BufferedReader lines = Files.newBufferedReader(audit)) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    AuditWrite write = AuditWrite.of(line);
                    if (write.name().isEmpty() || write.code() >= 300) {
                        continue;
                    }
                    String key = write.key();
                    if (seen.add(key) && write.resource().equals("pods")) {
                        seenPods++;
                    }
                    switch (write.verb()) {
                        case "create" -> liveKinds.put(key, write.resource());
                        case "delete" -> liveKinds.remove(key);
                        default -> {}
                    }
                }
            }
            Map<String, Long> live = new TreeMap<>();
            liveKinds.values().forEach(resource -> live.merge(resource, 1L, Long::sum));
            return new Census(seen.size(), seenPods, live, 0);
        }
    }

    /** The fields of one audit event that say which object it wrote, read without the bodies. */
    record AuditWrite(
            String verb, String cluster, String resource, String namespace, String name, int code) {

        String key() {
            return cluster + '/' + resource + '/' + namespace + '/' + name;
        }

        static AuditWrite of(String line) throws IOException {
            String verb = "";
            String cluster = "";
            String resource = "";
            String namespace = "";
            String name = "";
            int code = 0;
            try (JsonParser parser = JSON.getFactory().createParser(line)) {
                parser.nextToken();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    JsonToken value = parser.nextToken();
                    switch (field) {
                        case "verb" -> verb = parser.getText();
                        case "cluster" -> cluster = parser.getText();
                        case "objectRef", "responseStatus" -> {
                            while (value == JsonToken.START_OBJECT
                                    && parser.nextToken() == JsonToken.FIELD_NAME) {
                                String inner = parser.currentName();
                                parser.nextToken();
                                switch (inner) {
                                    case "resource" -> resource = parser.getText();
                                    case "namespace" -> namespace = parser.getText();
                                    case "name" -> name = parser.getText();
                                    case "code" -> code = parser.getIntValue();
                                    default -> parser.skipChildren();
                                }
                            }
                        }
                        default -> parser.skipChildren();
                    }
                }
            }
            return new AuditWrite(verb, cluster, resource, namespace, name, code);
        }
    }
}
