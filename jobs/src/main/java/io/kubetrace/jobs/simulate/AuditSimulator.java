package io.kubetrace.jobs.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubetrace.model.KubeTime;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * SYNTHETIC audit logs: writes the RequestResponse-level audit events that kube-apiserver would
 * record for simulated workloads (see {@link DeploymentLifecycle}, {@link CronJobLifecycle}, {@link
 * StatefulSetLifecycle}), one JSON object a line, in the order of their stage timestamps. Each
 * event also names its cluster, as the kubetrace gateway forwards events. Workloads overlap in
 * time; their events are merged by time, and resourceVersions are given out at write time so they
 * increase through each cluster's log as etcd's revisions do.
 */
public final class AuditSimulator {

    private static final ObjectWriter JSON = new ObjectMapper().writer();

    private final SimulationOptions options;
    private final int[] kinds;
    private final Random random;

    /** Its own generator, so that writing versions or not leaves the audit log the same. */
    private final Random watchLatency;

    private final Names names;
    private final Names eventNames;
    private final AtomicLong sequence = new AtomicLong();
    private final PriorityQueue<PendingWrite> pending =
            new PriorityQueue<>(
                    Comparator.comparingLong(PendingWrite::stageNanos)
                            .thenComparingLong(PendingWrite::sequence));
    private final Map<String, Long> lastRevision = new HashMap<>();
    private final Map<String, String> objectVersions = new HashMap<>();
    private long audits;
    private long objects;

    /** What a simulation wrote: audit events, and object versions and Events. */
    public record Written(long auditEvents, long objectsAndEvents) {}

    public AuditSimulator(SimulationOptions options) {
        this.options = options;
        this.kinds = kinds(options);
        this.random = new Random(options.seed());
        this.watchLatency = new Random(options.seed() + 1);
        this.eventNames = new Names(new Random(options.seed() + 2));
        this.names = new Names(random);
    }

    /** Writes the whole simulation's audit log; returns the number of events written. */
    public long write(Writer audit) throws IOException {
        return write(audit, null).auditEvents();
    }

    /**
     * Writes the whole simulation: the audit log, and when {@code versions} is given, every object
     * version (as a watch event with the time a watch would have seen it) and every Kubernetes
     * Event the controllers and kubelets recorded.
     */
    public Written write(Writer audit, Writer versions) throws IOException {
        long startNanos =
                options.start().getEpochSecond() * 1_000_000_000L + options.start().getNano();
        int total = options.workloads();
        for (int i = 0; i < total; i++) {
            long workloadStart =
                    startNanos
                            + (total <= 1 ? 0 : options.spread().toNanos() / total * i)
                            + random.nextInt(1000) * 1_000_000L;
            flushBefore(workloadStart, audit, versions);
            simulateWorkload(i, workloadStart);
        }
        flushBefore(Long.MAX_VALUE, audit, versions);
        audit.flush();
        if (versions != null) {
            versions.flush();
        }
        return new Written(audits, objects);
    }

    private void simulateWorkload(int index, long startNanos) {
        int cluster = index % options.clusters();
        String clusterName = "sim-" + (cluster + 1);
        String namespace = "team-" + (index / options.clusters() % options.namespaces() + 1);
        ScenarioRecorder recorder =
                new ScenarioRecorder(clusterName, startNanos, random, names, eventNames, sequence);
        PodActions pods = new PodActions(recorder, nodes(clusterName));
        switch (kinds[index]) {
            case 0 ->
                    new DeploymentLifecycle(recorder, pods)
                            .run(namespace, "web-" + index, options.replicas(), options.keep());
            case 1 -> new CronJobLifecycle(recorder, pods).run(namespace, "report-" + index, 2);
            default ->
                    new StatefulSetLifecycle(recorder, pods)
                            .run(namespace, "db-" + index, options.replicas(), options.keep());
        }
        pending.addAll(recorder.writes());
    }

    /**
     * The kind of each workload: Deployments, CronJobs and StatefulSets take turns until each count
     * is used up; 0 for a Deployment, 1 for a CronJob, 2 for a StatefulSet.
     */
    private static int[] kinds(SimulationOptions options) {
        int[] left = {options.deployments(), options.cronJobs(), options.statefulSets()};
        int[] kinds = new int[options.workloads()];
        int turn = 0;
        for (int i = 0; i < kinds.length; turn = (turn + 1) % 3) {
            if (left[turn] > 0) {
                left[turn]--;
                kinds[i++] = turn;
            }
        }
        return kinds;
    }

    private List<SimulatedNode> nodes(String cluster) {
        List<SimulatedNode> nodes = new ArrayList<>();
        int clusterNumber = Integer.parseInt(cluster.substring(cluster.indexOf('-') + 1));
        for (int i = 1; i <= options.nodes(); i++) {
            nodes.add(
                    new SimulatedNode(
                            cluster + "-worker-" + i, "172.18." + clusterNumber + "." + (10 + i)));
        }
        return nodes;
    }

    /** Writes every pending record that no workload starting at {@code nanos} can precede. */
    private void flushBefore(long nanos, Writer audit, Writer versions) throws IOException {
        while (!pending.isEmpty() && pending.peek().stageNanos() < nanos) {
            PendingWrite write = pending.poll();
            if (write.audit() != null) {
                String version = assignResourceVersions(write);
                audit.write(JSON.writeValueAsString(write.audit()));
                audit.write('\n');
                audits++;
                if (versions != null) {
                    writeWatchEvent(
                            versions,
                            write.cluster(),
                            watchType(write.effect()),
                            write.state(),
                            write.stageNanos(),
                            version);
                }
            } else if (versions != null) {
                String version =
                        Long.toString(lastRevision.merge(write.cluster(), 1L, Long::sum) + 1000);
                writeWatchEvent(
                        versions,
                        write.cluster(),
                        "ADDED",
                        write.kubeEvent(),
                        write.stageNanos(),
                        version);
            }
        }
    }

    /**
     * A watch event as kubetrace reads it: the type, the object with its resourceVersion, and the
     * time a watch saw it, a few milliseconds after the write.
     */
    private void writeWatchEvent(
            Writer out,
            String cluster,
            String type,
            ObjectNode object,
            long writtenNanos,
            String version)
            throws IOException {
        ((ObjectNode) object.get("metadata")).put("resourceVersion", version);
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        event.put("type", type);
        event.put("cluster", cluster);
        event.put(
                "time",
                KubeTime.formatMicros(writtenNanos + (1 + random.nextInt(20)) * 1_000_000L));
        event.set("object", object);
        out.write(JSON.writeValueAsString(event));
        out.write('\n');
        objects++;
    }

    private static String watchType(Effect effect) {
        return switch (effect) {
            case CREATE -> "ADDED";
            case REMOVE -> "DELETED";
            default -> "MODIFIED";
        };
    }

    /** Gives the write the cluster's next revision; returns it. */
    private String assignResourceVersions(PendingWrite write) {
        String objectKey = write.cluster() + '/' + write.objectKey();
        long revision = lastRevision.merge(write.cluster(), 1L, Long::sum) + 1000;
        String next = Long.toString(revision);
        String current = objectVersions.get(objectKey);
        ObjectNode event = write.audit();
        JsonNode request = event.get("requestObject");
        if (write.effect() == Effect.UPDATE && current != null) {
            ((ObjectNode) request.get("metadata")).put("resourceVersion", current);
        }
        JsonNode response = event.get("responseObject");
        if (!response.path("kind").asText().equals("Status") && response.has("metadata")) {
            ((ObjectNode) response.get("metadata")).put("resourceVersion", next);
        }
        if (write.effect() == Effect.REMOVE) {
            objectVersions.remove(objectKey);
        } else {
            objectVersions.put(objectKey, next);
        }
        return next;
    }
}
