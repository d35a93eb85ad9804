package io.kubetrace.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KubeTimeTest {

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    @Test
    void readsTheTimestampsKubeApiserverWritesToTheNanosecond() {
        assertThat(KubeTime.parseNanos("2018-10-26T13:07:36.905144Z"))
                .isEqualTo(nanos(Instant.parse("2018-10-26T13:07:36.905144Z")));
        assertThat(KubeTime.parseNanos("2021-05-19T09:42:58.650959062Z"))
                .isEqualTo(nanos(Instant.parse("2021-05-19T09:42:58.650959062Z")));
        assertThat(KubeTime.parseNanos("2021-05-19T09:43:06Z"))
                .isEqualTo(nanos(Instant.parse("2021-05-19T09:43:06Z")));
        assertThat(KubeTime.parseNanos("2024-02-29t23:59:59.5z"))
                .isEqualTo(nanos(Instant.parse("2024-02-29T23:59:59.500Z")));
        assertThat(KubeTime.parseNanos("1969-12-31T23:59:59.999999999Z")).isEqualTo(-1);
    }

    @Test
    void agreesWithJavaTimeOnEveryFractionLengthAndManyDates() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            Instant instant =
                    Instant.ofEpochSecond(
                            random.nextLong(-2_000_000_000L, 9_000_000_000L),
                            random.nextInt(1_000_000_000));
            String text = instant.toString();
            assertThat(KubeTime.parseNanos(text)).as(text).isEqualTo(nanos(Instant.parse(text)));
            String micros = KubeTime.formatMicros(nanos(instant));
            assertThat(KubeTime.parseNanos(micros))
                    .as(micros)
                    .isEqualTo(nanos(Instant.parse(micros)));
        }
    }

    @Test
    void readsOffsetsLeapSecondsAndOddShapesAsJavaTimeDoes() {
        assertThat(KubeTime.parseNanos("2021-05-19T11:42:58.5+02:00"))
                .isEqualTo(nanos(OffsetDateTime.parse("2021-05-19T11:42:58.5+02:00").toInstant()));
        for (String odd :
                new String[] {
                    "2016-12-31T23:59:60Z", "2021-05-19T24:00:00Z", "2021-05-19T10:00:00.Z"
                }) {
            assertThat(KubeTime.parseNanos(odd)).as(odd).isEqualTo(nanos(Instant.parse(odd)));
        }
    }

    @Test
    void rejectsWhatIsNotATimestampAsJavaTimeDoes() {
        for (String wrong :
                new String[] {
                    "2021-02-30T10:00:00Z",
                    "2021-13-01T10:00:00Z",
                    "2021-05-19T10:00:00.1234567890Z",
                    "2021-05-19 10:00:00Z",
                    "2021-05-1xT10:00:00Z",
                    "yesterday"
                }) {
            assertThatThrownBy(() -> KubeTime.parseNanos(wrong))
                    .as(wrong)
                    .isInstanceOf(DateTimeParseException.class);
        }
        assertThatThrownBy(() -> KubeTime.parseNanos("2300-01-01T00:00:00Z"))
                .isInstanceOf(DateTimeParseException.class)
                .hasMessageContaining("2262");
    }
}
