package io.kubetrace.sources.files;

import java.io.Closeable;

/** Reads the records of one input, each parsed or rejected; never throws on bad input. */
public interface RecordReader<T> extends Closeable {

    /** The next record; {@code null} at the end of the input. */
    T next();
}
