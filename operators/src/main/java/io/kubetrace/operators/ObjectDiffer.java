package io.kubetrace.operators;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubetrace.model.DiffKind;
import io.kubetrace.model.ObjectBodies;
import io.kubetrace.model.ObjectDiff;
import io.kubetrace.model.ObjectRef;
import io.kubetrace.model.ObjectVersion;
import io.kubetrace.model.VersionChange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns object versions into diffs. Keyed by (cluster, namespace); the last version of each object
 * lives in state (RocksDB in a job), so no object cache is held in memory. Each new resourceVersion
 * gives an update diff against the last one; an ADDED version a creation snapshot, a DELETED one a
 * deletion snapshot (and the object's state goes). A version seen again, or older than the last, is
 * dropped. Secret values are kept only as hashes and never shown; objects labelled for redaction or
 * matching {@code diff.redact-regex} show only which fields changed.
 */
public final class ObjectDiffer extends KeyedProcessFunction<String, ObjectVersion, ObjectDiff> {

    private static final long serialVersionUID = 1L;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private final DiffSettings settings;

    private transient Pattern redactPattern;
    private transient MapState<String, StoredVersion> versions;
    private transient Counter repeated;
    private transient Counter stale;

    public ObjectDiffer(DiffSettings settings) {
        this.settings = settings;
    }

    /** The key this operator expects: the cluster and namespace of the object. */
    public static String key(ObjectVersion version) {
        return version.object().namespaceKey();
    }

    /**
     * Each object's last version, by object key. An object nothing changed for {@code
     * diff.idle-ttl} of processing time is forgotten.
     */
    public static MapStateDescriptor<String, StoredVersion> lastVersionsState(
            DiffSettings settings) {
        MapStateDescriptor<String, StoredVersion> descriptor =
                new MapStateDescriptor<>(
                        "last-versions", Types.STRING, Types.POJO(StoredVersion.class));
        descriptor.enableTimeToLive(
                StateTtlConfig.newBuilder(settings.idleTtl())
                        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                        .build());
        return descriptor;
    }

    @Override
    public void open(OpenContext openContext) {
        redactPattern =
                settings.redactRegex().isEmpty() ? null : Pattern.compile(settings.redactRegex());
        versions = getRuntimeContext().getMapState(lastVersionsState(settings));
        repeated = getRuntimeContext().getMetricGroup().counter("versions.repeated");
        stale = getRuntimeContext().getMetricGroup().counter("versions.stale");
    }

    @Override
    public void processElement(ObjectVersion version, Context ctx, Collector<ObjectDiff> out)
            throws Exception {
        ObjectRef object = version.object();
        String key = object.key();
        StoredVersion last = versions.get(key);
        boolean sameObject = last != null && last.uid().equals(object.uid());
        if (sameObject && version.change() != VersionChange.DELETED) {
            if (last.resourceVersion().equals(version.resourceVersion())) {
                repeated.inc();
                return;
            }
            if (isOlder(version.resourceVersion(), last.resourceVersion())) {
                stale.inc();
                return;
            }
        }
        JsonNode body = parse(version.body());
        boolean hidden = hidesValues(object, body);
        switch (version.change()) {
            case DELETED -> {
                out.collect(
                        snapshot(
                                version,
                                DiffKind.DELETE,
                                sameObject ? last.resourceVersion() : "",
                                body,
                                hidden));
                versions.remove(key);
            }
            case ADDED -> {
                out.collect(snapshot(version, DiffKind.CREATE, "", body, hidden));
                versions.put(key, stored(version, body));
            }
            default -> {
                if (sameObject) {
                    List<String> lines =
                            FieldDiff.between(parse(last.body()), stored(body), hidden);
                    out.collect(
                            new ObjectDiff(
                                    object,
                                    last.resourceVersion(),
                                    version.resourceVersion(),
                                    DiffKind.UPDATE,
                                    capped(lines),
                                    "",
                                    hidden,
                                    version.timeNanos()));
                }
                versions.put(key, stored(version, body));
            }
        }
    }

    private ObjectDiff snapshot(
            ObjectVersion version,
            DiffKind kind,
            String oldVersion,
            JsonNode body,
            boolean hidden) {
        return new ObjectDiff(
                version.object(),
                oldVersion,
                version.resourceVersion(),
                kind,
                List.of(),
                ObjectBodies.snapshot(body, settings.maxBytes(), hidden && !isSecret(body)),
                hidden,
                version.timeNanos());
    }

    private boolean hidesValues(ObjectRef object, JsonNode body) {
        return isSecret(body)
                || ObjectBodies.isLabelledForRedaction(body)
                || (redactPattern != null && redactPattern.matcher(object.matchPath()).find());
    }

    private static boolean isSecret(JsonNode body) {
        return body.path("kind").asText("").equals("Secret");
    }

    private static StoredVersion stored(ObjectVersion version, JsonNode body) {
        return new StoredVersion(
                version.object().uid(), version.resourceVersion(), stored(body).toString());
    }

    /** The body as state keeps it: a Secret's values only as hashes, enough to see they changed. */
    private static JsonNode stored(JsonNode body) {
        if (!isSecret(body)) {
            return body;
        }
        ObjectNode copy = body.deepCopy();
        for (String field : new String[] {"data", "stringData"}) {
            JsonNode values = copy.path(field);
            if (values.isObject()) {
                for (Map.Entry<String, JsonNode> entry : ((ObjectNode) values).properties()) {
                    entry.setValue(copy.textNode("sha256:" + sha256(entry.getValue().asText())));
                }
            }
        }
        return copy;
    }

    /** The lines, cut at the size limit with a line that says how many were left out. */
    private List<String> capped(List<String> lines) {
        List<String> kept = new ArrayList<>();
        int size = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = ObjectBodies.capped(lines.get(i), settings.maxBytes());
            size += line.length() + 1;
            if (size > settings.maxBytes()) {
                kept.add("…[" + (lines.size() - i) + " more changed fields cut]");
                break;
            }
            kept.add(line);
        }
        return kept;
    }

    /** Whether a resourceVersion is older than another; only numbers (etcd's) can be compared. */
    private static boolean isOlder(String candidate, String known) {
        try {
            return Long.parseLong(candidate) < Long.parseLong(known);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static JsonNode parse(String json) throws IOException {
        return JSON.readTree(json);
    }

    private static String sha256(String value) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256")
                            .digest(value.getBytes(StandardCharsets.UTF_8));
            return HEX.formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
