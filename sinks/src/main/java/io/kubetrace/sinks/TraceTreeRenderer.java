package io.kubetrace.sinks;

import io.kubetrace.model.SpanEvent;
import io.kubetrace.model.SpanKind;
import io.kubetrace.model.SpanRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Draws a trace as an indented tree for a person at a terminal: the root object, its child objects,
 * and under each object its changes and Events with time, who did it, and what the span's events
 * say (snapshot, error, no-op update).
 */
public final class TraceTreeRenderer {

    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final Comparator<SpanRecord> BY_START =
            Comparator.comparingLong(SpanRecord::startNanos).thenComparing(SpanRecord::spanId);

    private TraceTreeRenderer() {}

    /** One trace's spans as text, ending with a line break. */
    public static String render(List<SpanRecord> spans) {
        Map<String, List<SpanRecord>> children = new HashMap<>();
        Set<String> spanIds = new HashSet<>();
        spans.forEach(span -> spanIds.add(span.spanId()));
        List<SpanRecord> tops = new ArrayList<>();
        for (SpanRecord span : spans) {
            if (span.isRoot() || !spanIds.contains(span.parentSpanId())) {
                tops.add(span);
            } else {
                children.computeIfAbsent(span.parentSpanId(), id -> new ArrayList<>()).add(span);
            }
        }
        tops.sort(BY_START);
        StringBuilder text = new StringBuilder();
        SpanRecord first = tops.isEmpty() ? null : tops.get(0);
        if (first != null) {
            long end = spans.stream().mapToLong(SpanRecord::endNanos).max().orElse(0);
            text.append("trace ")
                    .append(first.traceId())
                    .append("  ")
                    .append(DATE_TIME.format(instant(first.startNanos())))
                    .append(" UTC, ")
                    .append(duration(end - first.startNanos()))
                    .append(", ")
                    .append(spans.size())
                    .append(spans.size() == 1 ? " span" : " spans")
                    .append(", cluster ")
                    .append(first.cluster())
                    .append('\n');
        }
        for (SpanRecord top : tops) {
            text.append(line(top));
            if (!top.isRoot()) {
                text.append("  (parent span ").append(top.parentSpanId()).append(" not written)");
            }
            text.append('\n');
            drawChildren(top, "", children, text);
        }
        return text.toString();
    }

    private static void drawChildren(
            SpanRecord parent,
            String indent,
            Map<String, List<SpanRecord>> children,
            StringBuilder text) {
        List<SpanRecord> below = new ArrayList<>(children.getOrDefault(parent.spanId(), List.of()));
        below.sort(BY_START);
        for (int i = 0; i < below.size(); i++) {
            boolean last = i == below.size() - 1;
            SpanRecord child = below.get(i);
            text.append(indent).append(last ? "└─ " : "├─ ").append(line(child)).append('\n');
            String childIndent = indent + (last ? "   " : "│  ");
            for (SpanEvent event : child.events()) {
                String[] lines = describe(event).split("\n");
                text.append(childIndent).append("   · ").append(lines[0]).append('\n');
                for (int line = 1; line < lines.length; line++) {
                    text.append(childIndent).append("     ").append(lines[line]).append('\n');
                }
            }
            drawChildren(child, childIndent, children, text);
        }
    }

    private static String line(SpanRecord span) {
        if (span.kind() == SpanKind.OBJECT) {
            return span.serviceName()
                    + " "
                    + span.name()
                    + "  ["
                    + TIME.format(instant(span.startNanos()))
                    + " +"
                    + duration(span.endNanos() - span.startNanos())
                    + "]";
        }
        if (span.kind() == SpanKind.EVENT) {
            String source = span.attribute("event.source");
            return TIME.format(instant(span.startNanos()))
                    + "  "
                    + span.name()
                    + (source.isEmpty() ? "" : "  (" + source + ")")
                    + (span.error() ? "  WARNING" : "");
        }
        String code = span.attribute("audit.response_code");
        String diff = span.attribute("kubetrace.diff");
        return TIME.format(instant(span.startNanos()))
                + "  "
                + span.name()
                + (code.isEmpty() ? "" : "  [" + code + "]")
                + (span.error() ? "  ERROR" : "")
                + (diff.equals("missing") ? "  (diff missing)" : "");
    }

    private static String describe(SpanEvent event) {
        StringBuilder text = new StringBuilder(event.name());
        if (event.name().equals("message") && event.attributes().size() == 1) {
            return event.attributes().get(0).value().replace('\n', ' ');
        }
        if (event.name().equals("diff")) {
            return "diff " + event.attributes().get(0).value();
        }
        if (event.name().equals("snapshot")) {
            int bytes =
                    event.attributes().isEmpty() ? 0 : event.attributes().get(0).value().length();
            return text.append(" of the object (").append(bytes).append(" characters)").toString();
        }
        event.attributes()
                .forEach(
                        attribute -> {
                            String value = attribute.value().replace('\n', ' ');
                            if (value.length() > 100) {
                                value = value.substring(0, 100) + "…";
                            }
                            text.append("  ").append(attribute.key()).append('=').append(value);
                        });
        return text.toString();
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(0, nanos);
    }

    private static String duration(long nanos) {
        Duration duration = Duration.ofNanos(Math.max(nanos, 0));
        if (duration.toMinutes() > 0) {
            return duration.toMinutes() + "m" + duration.toSecondsPart() + "s";
        }
        return String.format("%d.%03ds", duration.toSeconds(), duration.toMillisPart());
    }
}
