package io.kubetrace.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A benchmark main in a JVM of its own, on this JVM's class path, its output passed through: each
 * backfill measured starts cold and owns the heap, as a {@code kubetrace backfill} does.
 */
final class ChildJvm {

    /** What the launcher script opens to Flink and Kryo on Java 17. */
    private static final List<String> ADD_OPENS =
            List.of(
                    "java.base/java.util",
                    "java.base/java.lang",
                    "java.base/java.lang.invoke",
                    "java.base/java.time",
                    "java.base/java.nio",
                    "java.base/sun.nio.ch");

    /** The heap of every measured JVM, fixed so runs compare. */
    static final String HEAP = "-Xmx4g";

    private ChildJvm() {}

    /** The command line that runs {@code mainClass} with these JVM options and arguments. */
    static List<String> command(Class<?> mainClass, List<String> jvmOptions, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ADD_OPENS.forEach(open -> command.add("--add-opens=" + open + "=ALL-UNNAMED"));
        command.add(HEAP);
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(args);
        return command;
    }

    /** Runs it to the end; fails with its exit code when it fails. */
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
