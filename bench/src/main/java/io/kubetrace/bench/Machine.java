package io.kubetrace.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine a benchmark ran on, and the commit it ran.
 *
 * @param cores processors the JVM sees
 * @param memoryGiB physical memory
 * @param cpu the processor's model name, when the system says it
 * @param jvm the Java runtime
 * @param os the operating system
 * @param loadAverage the system load average over the last minute when the run began
 */
record Machine(int cores, double memoryGiB, String cpu, String jvm, String os, double loadAverage) {

    static Machine describe() {
        com.sun.management.OperatingSystemMXBean system =
                (com.sun.management.OperatingSystemMXBean)
                        ManagementFactory.getOperatingSystemMXBean();
        return new Machine(
                Runtime.getRuntime().availableProcessors(),
                system.getTotalMemorySize() / (double) (1L << 30),
                processorModel(),
                System.getProperty("java.vm.name")
                        + " "
                        + System.getProperty("java.runtime.version"),
                System.getProperty("os.name")
                        + " "
                        + System.getProperty("os.version")
                        + " "
                        + System.getProperty("os.arch"),
                currentLoadAverage());
    }

    static double currentLoadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static String processorModel() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        try {
            if (Files.isReadable(cpuinfo)) {
                for (String line : Files.readAllLines(cpuinfo)) {
                    if (line.startsWith("model name")) {
                        return line.substring(line.indexOf(':') + 1).strip();
                    }
                }
            }
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
        return "unknown";
    }

    /** The checkout's commit, and whether it has changes not committed; "unknown" outside git. */
    static String commit(Path home) {
        try {
            String head = git(home, "rev-parse", "HEAD");
            boolean changed = !git(home, "status", "--porcelain", "--untracked-files=no").isEmpty();
            return changed ? head + " (with uncommitted changes)" : head;
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown (interrupted)";
        }
    }

    private static String git(Path home, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", home.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException("git " + String.join(" ", args) + ": " + out.strip());
        }
        return out.strip();
    }
}
