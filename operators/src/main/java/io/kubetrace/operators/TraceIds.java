package io.kubetrace.operators;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * kubetrace's trace and span IDs, derived from what they identify with SHA-256, so that reading the
 * same input again (a restart, a replay, a second backfill) produces the same IDs.
 */
public final class TraceIds {

    private static final HexFormat HEX = HexFormat.of();

    private TraceIds() {}

    /** The trace of a root object in a window: {@code kubetrace/v1|<root key>|<window index>}. */
    public static String traceId(String rootKey, long windowIndex) {
        return hash("kubetrace/v1|" + rootKey + '|' + windowIndex, 16);
    }

    /** The span of an object in a trace: {@code <traceId>|<object key>}. */
    public static String objectSpanId(String traceId, String objectKey) {
        return hash(traceId + '|' + objectKey, 8);
    }

    /** The span of an audited change: {@code <cluster>|<audit ID>}. */
    public static String auditSpanId(String cluster, String auditId) {
        return hash(cluster + '|' + auditId, 8);
    }

    /** The span of a Kubernetes Event: {@code <cluster>|<event uid>|<resourceVersion>}. */
    public static String eventSpanId(String cluster, String uid, String resourceVersion) {
        return hash(cluster + '|' + uid + '|' + resourceVersion, 8);
    }

    private static String hash(String text, int bytes) {
        byte[] digest = sha256().digest(text.getBytes(StandardCharsets.UTF_8));
        return HEX.formatHex(digest, 0, bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
