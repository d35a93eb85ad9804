package io.kubetrace.gateway;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Named daemon threads for the gateway's executors: they never keep a stopping JVM alive. */
final class DaemonThreads {

    private DaemonThreads() {}

    /** Threads named {@code name-1}, {@code name-2}, ... */
    static ThreadFactory named(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
