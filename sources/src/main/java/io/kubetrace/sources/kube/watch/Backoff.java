package io.kubetrace.sources.kube.watch;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: after {@code n} failures in a row, a wait between half and all
 * of {@code initial * 2^n}, capped at {@code max}. The jitter keeps the watches of many splits and
 * readers from hitting a recovering API server at the same moment.
 */
final class Backoff {

    private final long initialMillis;
    private final long maxMillis;

    Backoff(Duration initial, Duration max) {
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
    }

    long delayMillis(int failures) {
        long ceiling = maxMillis;
        // Past 2^30 the cap has long been reached, and the shift would overflow.
        if (failures < 30 && initialMillis << failures < maxMillis) {
            ceiling = initialMillis << failures;
        }
        long half = ceiling / 2;
        return half + ThreadLocalRandom.current().nextLong(ceiling - half + 1);
    }
}
