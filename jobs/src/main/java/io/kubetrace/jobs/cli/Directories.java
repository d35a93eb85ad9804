package io.kubetrace.jobs.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The directories of the local jobs: scratch ones they create and remove, and where state goes. */
final class Directories {

    /** A URI's scheme, as in {@code s3://} or {@code file:/}; a plain path has none. */
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]+:/.*");

    private Directories() {}

    /** Deletes the directory and everything in it; nothing when it is not there. */
    static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /**
     * A directory as Flink takes it: a URI as given ({@code s3://bucket/kubetrace}), a path as an
     * absolute {@code file:} URI, since a job submitted elsewhere would read a relative one against
     * another working directory.
     */
    static String uri(String directory) {
        return SCHEME.matcher(directory).matches()
                ? directory
                : Path.of(directory).toAbsolutePath().normalize().toUri().toString();
    }

    /** The directory a {@code file:} URI names, when it exists on this machine. */
    static Optional<Path> localDirectory(String uri) {
        URI parsed = URI.create(uri);
        if (!"file".equals(parsed.getScheme())) {
            return Optional.empty();
        }
        Path directory = Path.of(parsed);
        return Files.isDirectory(directory) ? Optional.of(directory) : Optional.empty();
    }
}
