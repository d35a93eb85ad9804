package io.kubetrace.sources;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** The real captured data beside the checkout ({@code ../shared/data}). */
public final class SharedData {

    private SharedData() {}

    public static Path path(String relative) {
        Path root = Paths.get(System.getProperty("kubetrace.shared-data", "../../shared/data"));
        Path path = root.resolve(relative);
        if (!Files.exists(path)) {
            throw new IllegalStateException("shared test data missing: " + path.toAbsolutePath());
        }
        return path;
    }
}
