package io.kubetrace.sources.documents;

import io.kubetrace.model.Rejection;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/** Reads the top-level documents of an input, one at a time; bad parts come out as rejections. */
public interface DocumentReader extends Closeable {

    /** The next document or rejection; {@code null} at the end of the input. */
    Document next();

    /**
     * A reader for the input's format: YAML when the name says so ({@code .yaml}, {@code .yml},
     * also gzipped), else JSON.
     */
    static DocumentReader open(InputStream input, String source, int maxDocumentChars) {
        String name = source.endsWith(".gz") ? source.substring(0, source.length() - 3) : source;
        return name.endsWith(".yaml") || name.endsWith(".yml")
                ? new YamlDocumentReader(input, source, maxDocumentChars)
                : new JsonDocumentReader(input, source, maxDocumentChars);
    }

    /** An input that could not be opened: one rejection saying why. */
    static DocumentReader unopenable(String source, IOException cause) {
        return new UnopenableInput(Rejection.of(source, 0, "cannot open: " + cause, ""));
    }
}
