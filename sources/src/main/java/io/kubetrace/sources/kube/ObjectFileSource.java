package io.kubetrace.sources.kube;

import io.kubetrace.model.ParsedObject;
import io.kubetrace.sources.files.RecordFileSource;
import io.kubetrace.sources.files.RecordReader;
import io.kubetrace.sources.files.RecordReaderFactory;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.file.src.FileSource;

/** The bounded source of object versions and Events read from files (JSON, JSON lines, YAML). */
public final class ObjectFileSource {

    private ObjectFileSource() {}

    public static FileSource<ParsedObject> of(
            List<java.nio.file.Path> files, KubeObjectParser parser, int maxDocumentChars) {
        return RecordFileSource.of(
                files, readers(parser, maxDocumentChars), TypeInformation.of(ParsedObject.class));
    }

    /** How each object file is read. */
    public static RecordReaderFactory<ParsedObject> readers(
            KubeObjectParser parser, int maxDocumentChars) {
        return new RecordReaderFactory<>() {
            private static final long serialVersionUID = 1L;

            @Override
            public RecordReader<ParsedObject> open(InputStream input, String name) {
                return new ObjectDocumentReader(input, name, parser, maxDocumentChars);
            }

            @Override
            public RecordReader<ParsedObject> unopenable(String name, IOException cause) {
                return ObjectDocumentReader.unopenable(name, cause);
            }
        };
    }

    /**
     * Event time is the version's or the Event's time; the watermark trails the newest by the
     * bound.
     */
    public static WatermarkStrategy<ParsedObject> watermarks(Duration maxOutOfOrderness) {
        return WatermarkStrategy.<ParsedObject>forBoundedOutOfOrderness(maxOutOfOrderness)
                .withTimestampAssigner((object, previous) -> object.eventTimeMillis());
    }
}
