package io.kubetrace.bench.live;

import io.kubetrace.bench.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code kubetrace} command in its own JVM, as a user starts it, on this JVM's class path (which
 * holds the job and Flink), its output in a log file.
 */
final class KubetraceProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private KubetraceProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static KubetraceProcess start(List<String> arguments, Path log) throws IOException {
        List<String> command =
                ChildJvm.command(List.of(), "io.kubetrace.jobs.cli.KubetraceCli", arguments);
        Files.createDirectories(log.getParent());
        Process process =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        return new KubetraceProcess(process, log);
    }

    /** Fails with the log's path when the command has ended, which a long-running one must not. */
    void requireRunning() {
        if (!process.isAlive()) {
            throw new IllegalStateException(
                    "kubetrace ended with exit code " + process.exitValue() + "; see " + log);
        }
    }

    /** Stops it as Ctrl-C would, and kills it if it has not ended after a minute. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(1, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
        }
    }
}
