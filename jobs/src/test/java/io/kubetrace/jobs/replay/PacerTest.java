package io.kubetrace.jobs.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PacerTest {

    @Test
    void unpacedEventsAreAllDueAtOnce() {
        Pacer pacer = Pacer.unpaced();

        assertThat(LongStream.of(0, 1, 399, 1_000_000).map(pacer::dueNanos)).containsOnly(0L);
    }

    @Test
    void pacedEventsAreDueAtASteadyRateFromTheStart() {
        Pacer fourPerSecond = Pacer.perSecond(4);
        assertThat(LongStream.range(0, 5).map(fourPerSecond::dueNanos))
                .containsExactly(0L, 250_000_000L, 500_000_000L, 750_000_000L, 1_000_000_000L);

        Pacer everyTwoSeconds = Pacer.perSecond(0.5);
        assertThat(everyTwoSeconds.dueNanos(3)).isEqualTo(6_000_000_000L);

        // A third of a millisecond apart, rounded to the nanosecond, never drifting.
        Pacer threeThousand = Pacer.perSecond(3000);
        assertThat(threeThousand.dueNanos(1)).isEqualTo(333_333L);
        assertThat(threeThousand.dueNanos(2)).isEqualTo(666_667L);
        assertThat(threeThousand.dueNanos(3_000_000)).isEqualTo(1_000_000_000_000L);
    }

    @Test
    void refusesARateThatIsNoPositiveNumber() {
        for (double rate : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> Pacer.perSecond(rate))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("positive number of events per second");
        }
    }
}
