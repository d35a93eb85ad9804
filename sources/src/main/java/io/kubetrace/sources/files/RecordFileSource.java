package io.kubetrace.sources.files;

import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;

/** A bounded file source that reads the files in the order given, with a {@link RecordReader}. */
public final class RecordFileSource {

    private RecordFileSource() {}

    public static <T> FileSource<T> of(
            List<java.nio.file.Path> files,
            RecordReaderFactory<T> readers,
            TypeInformation<T> type) {
        Path[] paths = files.stream().map(file -> new Path(file.toUri())).toArray(Path[]::new);
        return FileSource.forBulkFileFormat(new RecordFileFormat<>(readers, type), paths)
                .setSplitAssigner(InOrderSplitAssigner::new)
                .build();
    }
}
