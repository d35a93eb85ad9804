package io.kubetrace.model;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Kubernetes timestamps (RFC 3339, up to nanoseconds) to and from epoch nanoseconds. */
public final class KubeTime {

    private static final DateTimeFormatter MICROS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'");

    private KubeTime() {}

    /**
     * Parses an RFC 3339 timestamp such as {@code 2018-10-26T13:07:36.905144Z} or one with an
     * offset.
     *
     * @throws DateTimeParseException when the text is not such a timestamp
     */
    public static long parseNanos(String text) {
        Instant instant =
                text.endsWith("Z") || text.endsWith("z")
                        ? Instant.parse(text.toUpperCase(Locale.ROOT))
                        : OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                                .toInstant();
        try {
            return Math.addExact(
                    Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L),
                    instant.getNano());
        } catch (ArithmeticException e) {
            throw new DateTimeParseException("beyond the year 2262", text, 0, e);
        }
    }

    /** Formats epoch nanoseconds as kube-apiserver writes audit timestamps (microseconds, UTC). */
    public static String formatMicros(long epochNanos) {
        return MICROS.format(Instant.ofEpochSecond(0, epochNanos).atOffset(ZoneOffset.UTC));
    }

    /** Formats epoch nanoseconds with second precision, as object metadata timestamps are. */
    public static String formatSeconds(long epochNanos) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L)).toString();
    }
}
