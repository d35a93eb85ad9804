package io.kubetrace.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A main class in a JVM of its own, on this JVM's class path (which holds the job and Flink), as
 * the launcher script starts kubetrace: each backfill measured starts cold and owns its heap.
 */
public final class ChildJvm {

    /** What the launcher script opens to Flink and Kryo on Java 17. */
    private static final List<String> ADD_OPENS =
            List.of(
                    "java.base/java.util",
                    "java.base/java.lang",
                    "java.base/java.lang.invoke",
                    "java.base/java.time",
                    "java.base/java.nio",
                    "java.base/sun.nio.ch");

    /** The heap of every measured backfill, fixed so runs compare. */
    static final String HEAP = "-Xmx4g";

    private ChildJvm() {}

    /** The command line that runs {@code mainClass} with these JVM options and arguments. */
    public static List<String> command(
            List<String> jvmOptions, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ADD_OPENS.forEach(open -> command.add("--add-opens=" + open + "=ALL-UNNAMED"));
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    /** Runs it to the end, its output passed through; fails with its exit code when it fails. */
    static void run(List<String> command) throws IOException, InterruptedException {
        int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException(
                    "benchmark JVM failed with exit code "
                            + exit
                            + ": "
                            + String.join(" ", command));
        }
    }
}
