package io.kubetrace.sinks.otlp;

import io.kubetrace.model.SpanRecord;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriterStateSerializer;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.core.memory.DataOutputViewStreamWrapper;

/** Keeps unsent spans in the OTLP sink's checkpointed state, with Flink's own serializer. */
final class SpanRecordStateSerializer extends AsyncSinkWriterStateSerializer<SpanRecord> {

    private final TypeSerializer<SpanRecord> spans =
            TypeInformation.of(SpanRecord.class).createSerializer(new SerializerConfigImpl());

    @Override
    protected void serializeRequestToStream(SpanRecord span, DataOutputStream out)
            throws IOException {
        spans.serialize(span, new DataOutputViewStreamWrapper(out));
    }

    @Override
    protected SpanRecord deserializeRequestFromStream(long requestSize, DataInputStream in)
            throws IOException {
        return spans.deserialize(new DataInputViewStreamWrapper(in));
    }

    @Override
    public int getVersion() {
        return 1;
    }
}
