package io.kubetrace.model;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.Year;
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
        long plain = parsePlainUtc(text);
        if (plain != NOT_PLAIN) {
            return plain;
        }
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

    /** What {@link #parsePlainUtc} gives for text it leaves to {@code java.time}. */
    private static final long NOT_PLAIN = Long.MIN_VALUE;

    private static final int[] FRACTION_SCALE = {
        0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1
    };

    /**
     * The shape kube-apiserver writes, {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z} with a valid date
     * before 2262, read without {@code java.time}'s general parser, which took a sixth of a
     * backfill's parsing. Anything else, including every error, is {@link #NOT_PLAIN} and left to
     * {@code java.time}, so results and messages stay the same.
     */
    private static long parsePlainUtc(String text) {
        int length = text.length();
        if (length < 20
                || length == 21
                || length > 30
                || Character.toUpperCase(text.charAt(length - 1)) != 'Z'
                || text.charAt(4) != '-'
                || text.charAt(7) != '-'
                || Character.toUpperCase(text.charAt(10)) != 'T'
                || text.charAt(13) != ':'
                || text.charAt(16) != ':'
                || (length > 20 && text.charAt(19) != '.')) {
            return NOT_PLAIN;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        int fractionDigits = length - 21;
        int fraction = fractionDigits > 0 ? digits(text, 20, fractionDigits) : 0;
        if (year < 0
                || year >= 2262
                || month < 1
                || month > 12
                || day < 1
                || day > Month.of(month).length(Year.isLeap(year))
                || hour < 0
                || hour > 23
                || minute < 0
                || minute > 59
                || second < 0
                || second > 59
                || fraction < 0) {
            return NOT_PLAIN;
        }
        long epochSecond =
                LocalDate.of(year, month, day).toEpochDay() * 86_400L
                        + hour * 3_600L
                        + minute * 60L
                        + second;
        return epochSecond * 1_000_000_000L
                + (fractionDigits > 0 ? (long) fraction * FRACTION_SCALE[fractionDigits] : 0);
    }

    /** The number the digits at {@code start} spell, or -1 when one is not a digit. */
    private static int digits(String text, int start, int count) {
        int value = 0;
        for (int i = start; i < start + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
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
