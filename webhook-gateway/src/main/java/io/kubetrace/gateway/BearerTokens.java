package io.kubetrace.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bearer tokens of a file, one a line ({@code #} starts a comment). The file is read again when
 * it changes, as a mounted Kubernetes Secret does when it is rotated.
 */
final class BearerTokens {

    private static final Logger LOG = LoggerFactory.getLogger(BearerTokens.class);

    private final Path file;
    private volatile Snapshot snapshot;

    /**
     * SHA-256 digests of the tokens, compared in constant time; and the file version they are from.
     */
    private record Snapshot(Object version, List<byte[]> digests) {}

    private BearerTokens(Path file, Snapshot snapshot) {
        this.file = file;
        this.snapshot = snapshot;
    }

    static BearerTokens read(Path file) {
        try {
            Snapshot snapshot = load(file);
            if (snapshot.digests.isEmpty()) {
                LOG.warn("{} holds no token: every request is refused with 401", file);
            }
            return new BearerTokens(file, snapshot);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read token file " + file, e);
        }
    }

    boolean accepts(String token) {
        refreshIfChanged();
        byte[] digest = sha256(token);
        boolean match = false;
        for (byte[] known : snapshot.digests) {
            match |= MessageDigest.isEqual(known, digest);
        }
        return match;
    }

    private void refreshIfChanged() {
        try {
            if (!Objects.equals(version(file), snapshot.version)) {
                snapshot = load(file);
                LOG.info("read {} tokens from {} again", snapshot.digests.size(), file);
            }
        } catch (IOException e) {
            // A Secret's files are swapped by renaming; keep the last tokens until the new ones
            // read.
            LOG.warn(
                    "cannot read token file {} again, keeping its last tokens: {}",
                    file,
                    e.toString());
        }
    }

    private static Snapshot load(Path file) throws IOException {
        Object version = version(file);
        List<byte[]> digests =
                Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                        .map(String::trim)
                        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                        .map(BearerTokens::sha256)
                        .toList();
        return new Snapshot(version, digests);
    }

    private static Object version(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        return List.of(
                attributes.lastModifiedTime(),
                attributes.size(),
                Objects.requireNonNullElse(attributes.fileKey(), ""));
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
