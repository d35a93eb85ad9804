package io.kubetrace.jobs.cli;

import io.kubetrace.jobs.cli.CliErrors.UsageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/** The savepoints and retained checkpoints a local live job left in its state directory. */
final class RestorePoints {

    /** Every complete checkpoint or savepoint has this file; a partial one does not. */
    private static final String METADATA = "_metadata";

    private RestorePoints() {}

    /** The newest complete savepoint or checkpoint under the directories given. */
    static Path latest(Path... directories) {
        Optional<Path> newest = Optional.empty();
        for (Path directory : directories) {
            try (Stream<Path> files = Files.walk(directory, 4)) {
                Optional<Path> found =
                        files.filter(file -> file.getFileName().toString().equals(METADATA))
                                .max(Comparator.comparing(RestorePoints::modified));
                if (found.isPresent()
                        && (newest.isEmpty()
                                || modified(found.get()).compareTo(modified(newest.get())) > 0)) {
                    newest = found;
                }
            } catch (IOException e) {
                throw new UsageException(
                        "cannot look for checkpoints in "
                                + directory
                                + ": "
                                + CliErrors.describe(e));
            }
        }
        return newest.map(Path::getParent)
                .orElseThrow(
                        () ->
                                new UsageException(
                                        "--restore latest: no savepoint or checkpoint in "
                                                + String.join(
                                                        ", ",
                                                        Stream.of(directories)
                                                                .map(Path::toString)
                                                                .toList())));
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
