package io.kubetrace.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubetrace.model.KubeTime;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a load file from the real traffic mix of {@code hkerma-audit-logs.csv} (16,564 audit
 * records of a kubeadm cluster doing Helm installs, flattened to CSV at the Metadata level). Each
 * row becomes the audit.k8s.io/v1 Event it came from: the object reference is read back from the
 * request URI (group, version, namespace, resource, name, subresource), the name from the row when
 * the URI has none, the request time the row's and the stage time 1 ms after it (the CSV keeps only
 * the request time); user, verb, stage, response code and audit ID are the row's. The rows are then
 * repeated with times shifted by the capture's length and object names, uids and audit IDs suffixed
 * per copy (so each copy is new objects doing the same things), until there are at least the events
 * asked for. Rows that are cut short are counted and left out. The capture is Metadata-level, so
 * the events carry no bodies: a create whose name the server generated has no name, and the
 * pipeline rejects it, as it would the real event.
 *
 * <p>Run: {@code ... io.kubetrace.bench.HkermaLoad ../shared/data/load/hkerma-audit-logs.csv
 * target/hkerma-load.jsonl 1000000}
 */
public final class HkermaLoad {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int COLUMNS = 15;

    private HkermaLoad() {}

    /** What was written. */
    record Written(long events, int rows, int skippedRows, int copies) {}

    public static void main(String[] args) throws IOException {
        Written written = write(Paths.get(args[0]), Paths.get(args[1]), Long.parseLong(args[2]));
        System.out.printf(
                "hkerma load: %d rows (%d cut short, left out) x %d copies = %d audit events in"
                        + " %s%n",
                written.rows(), written.skippedRows(), written.copies(), written.events(), args[1]);
    }

    static Written write(Path csv, Path out, long minEvents) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        int skipped = 0;
        for (String line : Files.readAllLines(csv)) {
            List<String> fields = CsvLine.fields(line);
            if (fields.size() == COLUMNS) {
                rows.add(fields);
            } else {
                skipped++;
            }
        }
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (List<String> row : rows) {
            long time = KubeTime.parseNanos(row.get(1));
            first = Math.min(first, time);
            last = Math.max(last, time);
        }
        long span = last - first + 1_000_000_000L;
        int copies = (int) Math.max(1, (minEvents + rows.size() - 1) / rows.size());
        long events = 0;
        try (Writer writer = Files.newBufferedWriter(out)) {
            BufferedWriter lines = new BufferedWriter(writer, 1 << 16);
            for (int copy = 0; copy < copies; copy++) {
                for (List<String> row : rows) {
                    lines.write(JSON.writeValueAsString(event(row, copy, copy * span)));
                    lines.write('\n');
                    events++;
                }
            }
            lines.flush();
        }
        return new Written(events, rows.size(), skipped, copies);
    }

    /** One row as the audit event it came from, in copy {@code copy}, shifted by {@code shift}. */
    static ObjectNode event(List<String> row, int copy, long shiftNanos) {
        String suffix = copy == 0 ? "" : "-r" + copy;
        long time = KubeTime.parseNanos(row.get(1)) + shiftNanos;
        String uri = row.get(8);
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        event.put("kind", "Event").put("apiVersion", "audit.k8s.io/v1").put("level", "Metadata");
        event.put("auditID", row.get(9) + suffix).put("stage", row.get(10));
        event.put("requestURI", uri).put("verb", row.get(3));
        event.putObject("user").put("username", row.get(2));
        event.putArray("sourceIPs").add("10.0.0.1");
        ObjectNode ref = objectRef(uri, row.get(4), row.get(5));
        String name = row.get(6).isEmpty() ? row.get(7) : row.get(6);
        if (ref != null) {
            if (!name.isEmpty() && !ref.has("name")) {
                ref.put("name", name);
            }
            if (ref.has("name")) {
                ref.put("name", ref.get("name").asText() + suffix);
            }
            if (!row.get(12).isEmpty()) {
                ref.put("uid", row.get(12) + suffix);
            }
            event.set("objectRef", ref);
        }
        if (!row.get(11).isEmpty()) {
            event.putObject("responseStatus").put("code", Integer.parseInt(row.get(11)));
        }
        event.put("requestReceivedTimestamp", KubeTime.formatMicros(time));
        event.put("stageTimestamp", KubeTime.formatMicros(time + 1_000_000L));
        event.putObject("annotations").put("authorization.k8s.io/decision", "allow");
        return event;
    }

    /**
     * The object reference of a request URI: {@code /api/v1[/namespaces/ns]/resource[/name[/sub]]}
     * or {@code /apis/group/version[/namespaces/ns]/resource[/name[/sub]]}; {@code null} for
     * non-resource URLs (health checks, discovery).
     */
    static ObjectNode objectRef(String uri, String resource, String subresource) {
        String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
        String[] parts = path.split("/");
        int next;
        String group;
        String version;
        if (parts.length > 3 && parts[1].equals("api")) {
            group = "";
            version = parts[2];
            next = 3;
        } else if (parts.length > 4 && parts[1].equals("apis")) {
            group = parts[2];
            version = parts[3];
            next = 4;
        } else {
            return null;
        }
        ObjectNode ref = JsonNodeFactory.instance.objectNode();
        if (parts[next].equals("namespaces") && parts.length > next + 2) {
            ref.put("namespace", parts[next + 1]);
            next += 2;
        }
        ref.put("resource", resource.isEmpty() ? parts[next] : resource);
        if (parts.length > next + 1) {
            ref.put("name", parts[next + 1]);
        }
        if (!subresource.isEmpty()) {
            ref.put("subresource", subresource);
        }
        if (!group.isEmpty()) {
            ref.put("apiGroup", group);
        }
        ref.put("apiVersion", version);
        return ref;
    }
}
