package io.kubetrace.sources.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;

/** Makes the reader of one file, knowing its name for rejections. */
public interface RecordReaderFactory<T> extends Serializable {

    RecordReader<T> open(InputStream input, String name);

    /** A reader that gives one rejection saying why the file could not be opened. */
    RecordReader<T> unopenable(String name, IOException cause);
}
