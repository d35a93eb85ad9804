package io.kubetrace.gateway;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Lines of one kind logged at most once per interval: the first at once, then one per interval that
 * says how many it stands for, so a flood of the same problem stays a few lines.
 */
final class RateLimitedLog {

    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private boolean logged;
    private long nextNanos;
    private long heldBack;

    /**
     * @param nanoClock {@link System#nanoTime}, or a test's clock
     */
    RateLimitedLog(Duration interval, LongSupplier nanoClock) {
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
    }

    /** The line to log now, with the count of those held back since the last; else empty. */
    synchronized Optional<String> admit(String line) {
        long now = nanoClock.getAsLong();
        if (logged && now - nextNanos < 0) {
            heldBack++;
            return Optional.empty();
        }
        String admitted =
                heldBack == 0
                        ? line
                        : line + " (and " + heldBack + " more like it since the last such line)";
        logged = true;
        nextNanos = now + intervalNanos;
        heldBack = 0;
        return Optional.of(admitted);
    }
}
