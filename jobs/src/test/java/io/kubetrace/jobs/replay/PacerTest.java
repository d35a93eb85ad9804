package io.kubetrace.jobs.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubetrace.model.KubeTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacerTest {

    private static final long MILLI = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;

    /** Recorded stageTimestamps in file order, with their gaps: 0.5 s, 3 s, 0, -2 s, 3 months. */
    private static final long[] RECORDED = {
        KubeTime.parseNanos("2018-10-26T13:04:19.453817Z"),
        KubeTime.parseNanos("2018-10-26T13:04:19.953817Z"),
        KubeTime.parseNanos("2018-10-26T13:04:22.953817Z"),
        KubeTime.parseNanos("2018-10-26T13:04:22.953817Z"),
        KubeTime.parseNanos("2018-10-26T13:04:20.953817Z"),
        KubeTime.parseNanos("2019-01-26T13:04:20.953817Z")
    };

    private static List<Long> due(Pacer.Schedule schedule, long... recorded) {
        List<Long> due = new ArrayList<>();
        for (long time : recorded) {
            due.add(schedule.dueNanos(time));
        }
        return due;
    }

    @Test
    void unpacedEventsAreAllDueAtOnce() {
        Pacer pacer = Pacer.unpaced();
        Pacer.Schedule schedule = pacer.schedule();

        assertThat(due(schedule, RECORDED)).containsOnly(0L);
        schedule.nextRound();
        assertThat(due(schedule, RECORDED)).containsOnly(0L);
        assertThat(pacer.timed()).isFalse();
    }

    @Test
    void pacedEventsAreDueAtASteadyRateFromTheStartWhateverTheirRecordedTimes() {
        Pacer.Schedule fourPerSecond = Pacer.perSecond(4).schedule();
        assertThat(due(fourPerSecond, RECORDED[0], RECORDED[5], RECORDED[1], 0, -5))
                .containsExactly(0L, 250 * MILLI, 500 * MILLI, 750 * MILLI, SECOND);
        // A later round goes on at the same rate.
        fourPerSecond.nextRound();
        assertThat(due(fourPerSecond, RECORDED[0])).containsExactly(1250 * MILLI);

        Pacer.Schedule everyTwoSeconds = Pacer.perSecond(0.5).schedule();
        assertThat(due(everyTwoSeconds, 0, 0, 0, 0).get(3)).isEqualTo(6 * SECOND);

        // A third of a millisecond apart, rounded to the nanosecond, never drifting.
        Pacer.Schedule threeThousand = Pacer.perSecond(3000).schedule();
        List<Long> due = new ArrayList<>();
        for (int i = 0; i <= 3_000_000; i++) {
            due.add(threeThousand.dueNanos(RECORDED[0]));
        }
        assertThat(due.get(1)).isEqualTo(333_333L);
        assertThat(due.get(2)).isEqualTo(666_667L);
        assertThat(due.get(3_000_000)).isEqualTo(1_000 * SECOND);
    }

    @Test
    void inRealTimeEventsAreDueAfterTheRecordedPausesShortenedToTheMaximum() {
        Pacer.Schedule schedule = Pacer.realTime(Duration.ofSeconds(2)).schedule();

        // 0.5 s as recorded, 3 s shortened to 2, 0 kept, -2 s (out of order) as 0, 3 months as 2.
        assertThat(due(schedule, RECORDED))
                .containsExactly(
                        0L, 500 * MILLI, 2500 * MILLI, 2500 * MILLI, 2500 * MILLI, 4500 * MILLI);
    }

    @Test
    void inRealTimeAPauseIsMeasuredFromTheNewestRecordedTimeSoFar() {
        Pacer.Schedule schedule = Pacer.realTime(Duration.ofSeconds(1)).schedule();

        // The third event came 1 ms after the first; the second, recorded a second before the
        // first, does not stretch that pause to the longest.
        assertThat(due(schedule, 10 * SECOND, 9 * SECOND, 10 * SECOND + MILLI))
                .containsExactly(0L, 0L, MILLI);
        // A new round measures from its own first event.
        schedule.nextRound();
        assertThat(due(schedule, 5 * SECOND, 5 * SECOND + 2 * MILLI))
                .containsExactly(1001 * MILLI, 1003 * MILLI);
    }

    @Test
    void inRealTimeEachRoundFollowsTheOneBeforeAfterTheLongestPause() {
        Pacer.Schedule schedule = Pacer.realTime(Duration.ofMillis(1500)).schedule();

        List<Long> first = due(schedule, RECORDED[0], RECORDED[1], RECORDED[2]);
        schedule.nextRound();
        List<Long> second = due(schedule, RECORDED[0], RECORDED[1], RECORDED[2]);

        assertThat(first).containsExactly(0L, 500 * MILLI, 2000 * MILLI);
        // The second round's first event was recorded before the first round's last: it is due
        // the longest pause after it, not with it.
        assertThat(second).containsExactly(3500 * MILLI, 4000 * MILLI, 5500 * MILLI);
    }

    @Test
    void inRealTimeWithoutPausesEveryEventIsDueAtOnce() {
        Pacer noPauses = Pacer.realTime(Duration.ZERO);
        Pacer.Schedule schedule = noPauses.schedule();

        assertThat(due(schedule, RECORDED)).containsOnly(0L);
        assertThat(noPauses.timed()).isTrue();
    }

    @Test
    void describesHowTheReplayGoesAndForHowLong() {
        assertThat(Pacer.realTime(Duration.ofSeconds(5)).describe(92_400 * MILLI))
                .isEqualTo("in real time over 1m32s (pauses over 5s shortened)");
        assertThat(Pacer.realTime(Duration.ofMillis(20)).describe(3_742_778_000L))
                .isEqualTo("in real time over 3.7s (pauses over 0.02s shortened)");
        assertThat(Pacer.perSecond(2.5).describe(3_723 * SECOND + 600 * MILLI))
                .isEqualTo("at 2.5 events/s over 1h2m4s");
        assertThat(Pacer.perSecond(10).describe(0)).isEqualTo("at 10 events/s over 0.0s");
    }

    @Test
    void refusesARateThatIsNoPositiveNumberAndANegativePause() {
        for (double rate : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> Pacer.perSecond(rate))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("positive number of events per second");
        }
        assertThatThrownBy(() -> Pacer.realTime(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the longest pause cannot be negative: PT-0.001S");
    }
}
