package io.kubetrace.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubetrace.model.AuditRecord;
import io.kubetrace.model.ObjectDiff;
import io.kubetrace.model.ObjectRef;
import io.kubetrace.model.Observation;
import io.kubetrace.model.ObservationKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.EnumTypeInfo;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules of operators/README.md for changing a type kept in state, shown on a {@link ParentLink}
 * as today's savepoints hold it, restored into a changed {@code ParentLink} compiled here: Flink
 * compares the serializer snapshot written with the state to the new type's serializer, and moves
 * the state to the new shape where it can, as it does when a job restores a savepoint.
 */
class StateSchemaEvolutionTest {

    private static final ObjectRef OWNER =
            new ObjectRef("c", "apps", "v1", "replicasets", "ns", "web-7d4b9", "u1", "ReplicaSet");
    private static final ParentLink SAVED = new ParentLink(OWNER, 42L);

    @TempDir Path directory;

    @Test
    void everyRecordKeptInStateIsAFlinkPojoAllTheWayDown() {
        for (Class<?> type :
                List.of(
                        ParentLink.class,
                        ObjectActivity.class,
                        StoredVersion.class,
                        Observation.class,
                        AuditRecord.class,
                        ObjectDiff.class)) {
            assertPojoAllTheWayDown(TypeInformation.of(type), type.getSimpleName());
        }
    }

    @Test
    void aFieldAddedToARecordRestoresWithTheDefaultItsConstructorGives() throws Exception {
        Class<?> changed =
                parentLink(
                        "ObjectRef parent, long deletedAtMillis, String reason, int depth",
                        "public ParentLink { if (reason == null) { reason = \"none\"; } }");

        Restored restored = restore(changed);

        assertThat(restored.compatibility().isCompatibleAfterMigration()).isTrue();
        assertThat(restored.components())
                .containsExactly(
                        Map.entry("parent", OWNER),
                        Map.entry("deletedAtMillis", 42L),
                        Map.entry("reason", "none"),
                        Map.entry("depth", 0));
    }

    /**
     * Flink 2.2.1 remaps a restored value's fields to a record's constructor only when the names of
     * the fields left differ from the record's: here they do not ({@code parent}), yet {@code
     * parent} was the second field of the old data (fields go in the order of their names) and is
     * the first parameter now.
     */
    @Test
    void aFieldRemovedFromARecordCanBreakTheRestore() throws Exception {
        Class<?> withoutDeletion = parentLink("ObjectRef parent", "");

        assertThatThrownBy(() -> restore(withoutDeletion))
                .as("Flink now restores a record with a field removed: see operators/README.md")
                .isInstanceOf(ArrayIndexOutOfBoundsException.class);
    }

    @Test
    void aRenamedFieldRestoresEmptyForItIsRemovedAndAdded() throws Exception {
        Restored restored = restore(parentLink("ObjectRef parent, long deletedAt", ""));

        assertThat(restored.compatibility().isCompatibleAfterMigration()).isTrue();
        assertThat(restored.components())
                .containsExactly(Map.entry("parent", OWNER), Map.entry("deletedAt", 0L));
    }

    @Test
    void aFieldWhoseTypeChangedCannotBeRestored() throws Exception {
        Restored restored = restore(parentLink("ObjectRef parent, String deletedAtMillis", ""));

        assertThat(restored.compatibility().isIncompatible()).isTrue();
    }

    @Test
    void anEnumKeepsItsConstantsByNameAndMayGainNewOnes() throws Exception {
        TypeSerializer<Object> today = serializer(ObservationKind.class);
        DataOutputSerializer state = new DataOutputSerializer(16);
        today.serialize(ObservationKind.VERSION, state);
        byte[] snapshot = snapshot(today);
        Class<?> withNew = enumClass("NEW, CHANGE, EVENT, VERSION");

        TypeSerializerSchemaCompatibility<Object> compatibility =
                serializer(withNew)
                        .snapshotConfiguration()
                        .resolveSchemaCompatibility(
                                readSnapshot(snapshot, withNew.getClassLoader()));

        assertThat(compatibility.isCompatibleWithReconfiguredSerializer()).isTrue();
        assertThat(
                        compatibility
                                .getReconfiguredSerializer()
                                .deserialize(new DataInputDeserializer(state.getCopyOfBuffer())))
                .hasToString("VERSION");
        ClassLoader withoutVersion = enumClass("CHANGE, EVENT").getClassLoader();
        assertThatThrownBy(() -> readSnapshot(snapshot, withoutVersion))
                .hasMessageContaining("an enum value was removed");
    }

    /** What a savepoint of today's {@link ParentLink} becomes under the changed class. */
    private record Restored(
            TypeSerializerSchemaCompatibility<Object> compatibility,
            Map<String, Object> components) {}

    private Restored restore(Class<?> changed) throws Exception {
        TypeSerializer<Object> today = serializer(ParentLink.class);
        DataOutputSerializer state = new DataOutputSerializer(256);
        today.serialize(SAVED, state);

        TypeSerializerSnapshot<Object> written =
                readSnapshot(snapshot(today), changed.getClassLoader());
        TypeSerializerSchemaCompatibility<Object> compatibility =
                serializer(changed).snapshotConfiguration().resolveSchemaCompatibility(written);
        if (compatibility.isIncompatible()) {
            return new Restored(compatibility, Map.of());
        }
        // As a state backend migrates: read with the serializer the state was written with.
        Object value =
                written.restoreSerializer()
                        .deserialize(new DataInputDeserializer(state.getCopyOfBuffer()));
        Map<String, Object> components = new LinkedHashMap<>();
        for (RecordComponent component : changed.getRecordComponents()) {
            components.put(component.getName(), component.getAccessor().invoke(value));
        }
        return new Restored(compatibility, components);
    }

    /** The serializer a job gives a type, generic types off as in every kubetrace job. */
    @SuppressWarnings("unchecked")
    private static TypeSerializer<Object> serializer(Class<?> type) {
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);
        return (TypeSerializer<Object>) TypeInformation.of(type).createSerializer(config);
    }

    /** The serializer snapshot as a savepoint keeps it beside the state. */
    private static byte[] snapshot(TypeSerializer<?> serializer) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, serializer.snapshotConfiguration());
        return out.getCopyOfBuffer();
    }

    /** The snapshot read back by a job whose classes come from {@code classes}. */
    private static TypeSerializerSnapshot<Object> readSnapshot(byte[] snapshot, ClassLoader classes)
            throws IOException {
        return TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(snapshot), classes);
    }

    private Class<?> enumClass(String constants) throws Exception {
        return compile(
                        "package io.kubetrace.model; public enum ObservationKind { "
                                + constants
                                + " }")
                .loadClass(ObservationKind.class.getName());
    }

    private Class<?> parentLink(String components, String body) throws Exception {
        String source =
                "package io.kubetrace.operators; import io.kubetrace.model.ObjectRef;"
                        + " public record ParentLink("
                        + components
                        + ") { "
                        + body
                        + " }";
        return compile(source).loadClass(ParentLink.class.getName());
    }

    /**
     * Compiles one class and loads it before the one of the same name on the class path, as a later
     * version of kubetrace would have it.
     */
    private ClassLoader compile(String source) throws IOException {
        String name = source.replaceAll(".*public (record|enum) (\\w+).*", "$2");
        String pkg = source.replaceAll("^package ([\\w.]+);.*", "$1");
        Path sources = Files.createTempDirectory(directory, "src");
        Path classes = Files.createTempDirectory(directory, "classes");
        Path file = sources.resolve(name + ".java");
        Files.writeString(file, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status =
                javac.run(
                        null,
                        null,
                        null,
                        "-classpath",
                        System.getProperty("java.class.path"),
                        "-d",
                        classes.toString(),
                        file.toString());
        assertThat(status).as("javac " + source).isZero();
        return new FirstFrom(classes, pkg + "." + name);
    }

    /** A class loader that defines one class itself and leaves every other to its parent. */
    private static final class FirstFrom extends URLClassLoader {

        private final String className;

        FirstFrom(Path classes, String className) {
            super(new URL[] {url(classes)}, StateSchemaEvolutionTest.class.getClassLoader());
            this.className = className;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.equals(className)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                return loaded != null ? loaded : findClass(name);
            }
        }

        private static URL url(Path classes) {
            try {
                return classes.toUri().toURL();
            } catch (MalformedURLException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void assertPojoAllTheWayDown(TypeInformation<?> type, String path) {
        if (type instanceof PojoTypeInfo<?> pojo) {
            for (int i = 0; i < pojo.getArity(); i++) {
                assertPojoAllTheWayDown(
                        pojo.getPojoFieldAt(i).getTypeInformation(),
                        path + "." + pojo.getPojoFieldAt(i).getField().getName());
            }
        } else if (type instanceof ListTypeInfo<?> list) {
            assertPojoAllTheWayDown(list.getElementTypeInfo(), path + "[]");
        } else {
            assertThat(type)
                    .as(path + " is a Flink POJO (a record), a List, a basic type or an enum")
                    .isInstanceOfAny(BasicTypeInfo.class, EnumTypeInfo.class);
        }
    }
}
