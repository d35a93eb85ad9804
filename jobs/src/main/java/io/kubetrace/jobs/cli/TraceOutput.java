package io.kubetrace.jobs.cli;

import io.kubetrace.jobs.cli.CliErrors.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The directory a job writes traces to, checked before the job starts. */
final class TraceOutput {

    static final String REJECTED_FILE = "rejected.jsonl";

    private TraceOutput() {}

    /** Creates the directory if needed and proves it can be written, or says why not. */
    static Path prepare(Path directory) {
        try {
            Files.createDirectories(directory);
            Path probe = Files.createTempFile(directory, ".kubetrace-", ".probe");
            Files.delete(probe);
        } catch (IOException e) {
            throw new UsageException(
                    "cannot write to output directory " + directory + ": " + CliErrors.describe(e));
        }
        return directory;
    }
}
