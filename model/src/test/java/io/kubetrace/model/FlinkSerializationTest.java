package io.kubetrace.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * Every stream record gets a Flink serializer of its own, with generic (Kryo) types disabled as in
 * every job, and survives a round trip, nulls included.
 */
class FlinkSerializationTest {

    private static <T> T roundTrip(Class<T> type, T value) throws Exception {
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);
        TypeSerializer<T> serializer = TypeInformation.of(type).createSerializer(config);
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(value, out);
        return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }

    @Test
    void serializesEveryRecordWithoutKryo() throws Exception {
        ObjectRef pod = new ObjectRef("c", "", "v1", "pods", "ns", "p", "u", "Pod");
        AuditRecord record =
                new AuditRecord(
                        "c",
                        "id",
                        "ResponseComplete",
                        "Metadata",
                        "create",
                        "",
                        pod,
                        "alice",
                        "",
                        "kubectl",
                        List.of("10.0.0.1"),
                        "/api/v1/namespaces/ns/pods",
                        409,
                        new AuditError("Conflict", "taken", List.of("metadata.name: taken")),
                        "",
                        "",
                        1L,
                        2L,
                        false,
                        null,
                        "",
                        "",
                        "",
                        "audit.log",
                        12L);
        SpanRecord span =
                new SpanRecord(
                        "t",
                        "s",
                        "",
                        SpanKind.OBJECT,
                        "ns/p",
                        "pods",
                        "c",
                        1L,
                        2L,
                        List.of(SpanAttribute.of("k", 1L)),
                        List.of(new SpanEvent("e", 1L, List.of(SpanAttribute.of("b", true)))),
                        false,
                        "",
                        List.of(new SpanLink("t2", "s2")));

        assertThat(roundTrip(ParsedAudit.class, ParsedAudit.parsed(record)))
                .isEqualTo(ParsedAudit.parsed(record));
        ParsedAudit rejected = ParsedAudit.rejected(Rejection.of("f", 3, "bad", "{"));
        assertThat(roundTrip(ParsedAudit.class, rejected)).isEqualTo(rejected);
        TraceEvent event =
                new TraceEvent(
                        Observation.change(
                                record,
                                new ObjectDiff(
                                        pod,
                                        "1",
                                        "2",
                                        DiffKind.UPDATE,
                                        List.of("spec.x 1 -> 2"),
                                        "",
                                        false,
                                        3L),
                                DiffStatus.JOINED),
                        List.of(pod));
        assertThat(roundTrip(TraceEvent.class, event)).isEqualTo(event);
        assertThat(roundTrip(SpanRecord.class, span)).isEqualTo(span);
    }
}
