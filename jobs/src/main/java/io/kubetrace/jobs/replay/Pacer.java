package io.kubetrace.jobs.replay;

/** When each event of a replay is due, counted from its start: at a steady rate, or all at once. */
public final class Pacer {

    private static final double NANOS_PER_SECOND = 1e9;

    /** 0 when not paced. */
    private final double eventsPerSecond;

    private Pacer(double eventsPerSecond) {
        this.eventsPerSecond = eventsPerSecond;
    }

    /** Every event is due at once: the replay goes as fast as the webhook answers. */
    public static Pacer unpaced() {
        return new Pacer(0);
    }

    /**
     * @throws IllegalArgumentException when the rate is not a positive number
     */
    public static Pacer perSecond(double eventsPerSecond) {
        if (!(eventsPerSecond > 0) || Double.isInfinite(eventsPerSecond)) {
            throw new IllegalArgumentException(
                    "the rate must be a positive number of events per second, not "
                            + eventsPerSecond);
        }
        return new Pacer(eventsPerSecond);
    }

    /**
     * Nanoseconds after the start at which event {@code index} (0 for the first) is due. The
     * schedule is fixed from the start, so a replay held up by a slow webhook catches up with
     * fuller batches, as kube-apiserver's buffer does, rather than falling behind for good.
     */
    public long dueNanos(long index) {
        return eventsPerSecond == 0 ? 0 : Math.round(index * NANOS_PER_SECOND / eventsPerSecond);
    }
}
