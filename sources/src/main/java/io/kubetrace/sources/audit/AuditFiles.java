package io.kubetrace.sources.audit;

import io.kubetrace.model.ParsedAudit;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

/** Finds the audit log files a backfill reads, and puts them in the order to read them. */
public final class AuditFiles {

    private AuditFiles() {}

    /**
     * The files named, with each directory replaced by the files under it (hidden files left out),
     * by name.
     *
     * @throws IllegalArgumentException naming the first path that does not exist
     */
    public static List<Path> expand(List<Path> paths) {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    walk.filter(Files::isRegularFile)
                            .filter(file -> !file.getFileName().toString().startsWith("."))
                            .sorted()
                            .forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + path, e);
                }
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                throw new IllegalArgumentException("no such file or directory: " + path);
            }
        }
        return files;
    }

    /**
     * The files ordered by the time of their first event, so that a backfill reads rotated logs
     * oldest first; files without a readable event go last, in the order given.
     */
    public static List<Path> oldestFirst(
            List<Path> files, AuditEventParser parser, int maxDocumentChars) {
        Map<Path, Long> firstEventTime = new HashMap<>();
        for (Path file : files) {
            firstEventTime.put(file, firstEventNanos(file, parser, maxDocumentChars));
        }
        List<Path> ordered = new ArrayList<>(files);
        ordered.sort(Comparator.comparing(firstEventTime::get));
        return ordered;
    }

    /**
     * The newest {@code stageTimestamp} of any event in the files, read in full; empty when none
     * holds a readable event. A backfill followed by the live topic starts the topic there.
     */
    public static OptionalLong newestEventNanos(
            List<Path> files, AuditEventParser parser, int maxDocumentChars) {
        long newest = Long.MIN_VALUE;
        boolean found = false;
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file);
                    AuditDocumentReader reader =
                            new AuditDocumentReader(
                                    in, file.toString(), parser, maxDocumentChars)) {
                ParsedAudit next;
                while ((next = reader.next()) != null) {
                    if (!next.isRejected()) {
                        newest = Math.max(newest, next.record().stageNanos());
                        found = true;
                    }
                }
            } catch (IOException e) {
                // The source rejects what it cannot read; the topic then starts earlier, not later.
            }
        }
        return found ? OptionalLong.of(newest) : OptionalLong.empty();
    }

    private static long firstEventNanos(Path file, AuditEventParser parser, int maxDocumentChars) {
        try (InputStream in = Files.newInputStream(file);
                AuditDocumentReader reader =
                        new AuditDocumentReader(in, file.toString(), parser, maxDocumentChars)) {
            ParsedAudit next;
            while ((next = reader.next()) != null) {
                if (!next.isRejected()) {
                    return next.record().stageNanos();
                }
            }
        } catch (IOException e) {
            // The source reports what it cannot read; for ordering the file simply goes last.
        }
        return Long.MAX_VALUE;
    }
}
