package io.kubetrace.sinks;

import io.kubetrace.model.SpanAttribute;
import io.kubetrace.model.SpanEvent;
import io.kubetrace.model.SpanKind;
import io.kubetrace.model.SpanLink;
import io.kubetrace.model.SpanRecord;
import java.util.List;

/** A small trace for sink tests: a Deployment, its Pod, and a change to each. */
final class TestSpans {

    static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
    static final long T0 = 1_700_000_000_000_000_000L;

    private TestSpans() {}

    static SpanRecord object(
            String spanId,
            String parent,
            String service,
            String name,
            long startMillis,
            long endMillis) {
        return new SpanRecord(
                TRACE,
                spanId,
                parent,
                SpanKind.OBJECT,
                name,
                service,
                "prod",
                T0 + startMillis * 1_000_000L,
                T0 + endMillis * 1_000_000L,
                List.of(SpanAttribute.of("k8s.object.name", name)),
                List.of(),
                false,
                "",
                List.of());
    }

    static SpanRecord change(
            String spanId, String parent, String name, long startMillis, int code) {
        return new SpanRecord(
                TRACE,
                spanId,
                parent,
                SpanKind.AUDIT,
                name,
                "pods",
                "prod",
                T0 + startMillis * 1_000_000L,
                T0 + (startMillis + 4) * 1_000_000L,
                List.of(
                        SpanAttribute.of("audit.response_code", code),
                        SpanAttribute.of("audit.verb", "patch")),
                List.of(
                        new SpanEvent(
                                "error",
                                T0 + (startMillis + 4) * 1_000_000L,
                                List.of(
                                        SpanAttribute.of("reason", "Conflict"),
                                        SpanAttribute.of("retry", true)))),
                code >= 400,
                code >= 400 ? "conflict" : "",
                List.of(new SpanLink("1af7651916cd43dd8448eb211c80319c", "00f067aa0ba902b7")));
    }

    static List<SpanRecord> trace() {
        return List.of(
                object("a1a1a1a1a1a1a1a1", "", "deployments", "team/web", 0, 900),
                object("b2b2b2b2b2b2b2b2", "a1a1a1a1a1a1a1a1", "pods", "team/web-1", 100, 900),
                change("c3c3c3c3c3c3c3c3", "b2b2b2b2b2b2b2b2", "kubelet patch status", 100, 200),
                change("d4d4d4d4d4d4d4d4", "b2b2b2b2b2b2b2b2", "alice patch (Conflict)", 500, 409));
    }
}
