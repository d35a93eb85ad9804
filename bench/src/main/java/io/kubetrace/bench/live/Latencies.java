package io.kubetrace.bench.live;

import java.util.Arrays;

/** Durations in milliseconds, gathered from many threads, and their percentiles. */
final class Latencies {

    private double[] values = new double[1024];
    private int count;

    synchronized void add(double millis) {
        if (count == values.length) {
            values = Arrays.copyOf(values, count * 2);
        }
        values[count++] = millis;
    }

    synchronized int count() {
        return count;
    }

    /** The nearest-rank percentile, {@code p} in (0, 100]; NaN when there is nothing. */
    synchronized double percentile(double p) {
        if (count == 0) {
            return Double.NaN;
        }
        double[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * count);
        return sorted[Math.max(0, rank - 1)];
    }
}
