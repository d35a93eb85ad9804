package io.kubetrace.jobs;

import io.kubetrace.model.AuditRecord;
import io.kubetrace.model.Observation;
import io.kubetrace.operators.AuditDeduplicator;
import io.kubetrace.operators.DiffJoiner;
import io.kubetrace.operators.EventDeduplicator;
import io.kubetrace.operators.Linker;
import io.kubetrace.operators.ObjectActivity;
import io.kubetrace.operators.ObjectDiffer;
import io.kubetrace.operators.ParentLink;
import io.kubetrace.operators.StoredVersion;
import io.kubetrace.operators.TraceAssembler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.state.api.functions.KeyedStateReaderFunction;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;

/**
 * The keyed state of the tracing pipeline in a savepoint, read back with the State Processor API:
 * each operator found by its uid ({@link Uids}), each state by the operator's own descriptor.
 *
 * @param links the linker's parent links, by (cluster, namespace)
 * @param waiting the changes and Events waiting in the linker for the watermark
 * @param traces the trace assembler's open traces
 * @param lastVersions the object differ's last version of each object
 * @param changesWaitingForDiffs the changes waiting in the diff joiner for their diffs
 * @param auditIds the audit deduplicator's keys (cluster and audit ID)
 * @param events the Event deduplicator's keys (cluster, Event uid and resourceVersion)
 */
public record SavepointContents(
        List<Link> links,
        List<Observation> waiting,
        List<OpenTrace> traces,
        List<LastVersion> lastVersions,
        List<AuditRecord> changesWaitingForDiffs,
        List<String> auditIds,
        List<String> events) {

    /** One parent link of the linker, in the state of its namespace's key. */
    public record Link(String namespaceKey, String objectKey, ParentLink link) {}

    /** The trace assembler's state for one trace key ({@code <root key>|<window index>}). */
    public record OpenTrace(String traceKey, List<ObjectActivity> objects) {}

    /** The object differ's last version of one object. */
    public record LastVersion(String objectKey, StoredVersion version) {}

    public static SavepointContents read(String savepoint, PipelineSettings settings)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        SavepointReader reader =
                SavepointReader.read(env, savepoint, new EmbeddedRocksDBStateBackend());
        List<LinkerKey> linker =
                collect(
                        reader.readKeyedState(
                                OperatorIdentifier.forUid(Uids.LINKER),
                                new LinkerReader(settings)));
        List<Link> links = new ArrayList<>();
        List<Observation> waiting = new ArrayList<>();
        for (LinkerKey key : linker) {
            links.addAll(key.links());
            waiting.addAll(key.waiting());
        }
        return new SavepointContents(
                links,
                waiting,
                collect(
                        reader.readKeyedState(
                                OperatorIdentifier.forUid(Uids.TRACE_ASSEMBLER),
                                new TraceAssemblerReader())),
                collect(
                        reader.readKeyedState(
                                OperatorIdentifier.forUid(Uids.OBJECT_DIFFER),
                                new ObjectDifferReader(settings))),
                collect(
                        reader.readKeyedState(
                                OperatorIdentifier.forUid(Uids.DIFF_JOINER),
                                new DiffJoinerReader())),
                collect(
                        reader.readKeyedState(
                                OperatorIdentifier.forUid(Uids.AUDIT_DEDUPLICATOR),
                                new ForgetAtReader(AuditDeduplicator.forgetAtState()))),
                collect(
                        reader.readKeyedState(
                                OperatorIdentifier.forUid(Uids.EVENT_DEDUPLICATOR),
                                new ForgetAtReader(EventDeduplicator.forgetAtState()))));
    }

    private static <T> List<T> collect(DataStream<T> stream) throws Exception {
        List<T> all = new ArrayList<>();
        try (CloseableIterator<T> values = stream.executeAndCollect()) {
            values.forEachRemaining(all::add);
        }
        return all;
    }

    /** The linker's state of one (cluster, namespace). */
    public record LinkerKey(List<Link> links, List<Observation> waiting) {}

    private static final class LinkerReader extends KeyedStateReaderFunction<String, LinkerKey> {

        private final PipelineSettings settings;
        private transient MapState<String, ParentLink> parents;
        private transient MapState<Long, List<Observation>> waiting;

        LinkerReader(PipelineSettings settings) {
            this.settings = settings;
        }

        @Override
        public void open(OpenContext context) {
            parents = getRuntimeContext().getMapState(Linker.parentsState(settings.link()));
            waiting = getRuntimeContext().getMapState(Linker.waitingState());
        }

        @Override
        public void readKey(String key, Context context, Collector<LinkerKey> out)
                throws Exception {
            List<Link> links = new ArrayList<>();
            for (Map.Entry<String, ParentLink> entry : parents.entries()) {
                links.add(new Link(key, entry.getKey(), entry.getValue()));
            }
            List<Observation> observations = new ArrayList<>();
            for (List<Observation> due : waiting.values()) {
                observations.addAll(due);
            }
            out.collect(new LinkerKey(links, observations));
        }
    }

    private static final class TraceAssemblerReader
            extends KeyedStateReaderFunction<String, OpenTrace> {

        private transient MapState<String, ObjectActivity> objects;

        @Override
        public void open(OpenContext context) {
            objects = getRuntimeContext().getMapState(TraceAssembler.objectsState());
        }

        @Override
        public void readKey(String key, Context context, Collector<OpenTrace> out)
                throws Exception {
            List<ObjectActivity> activities = new ArrayList<>();
            objects.values().forEach(activities::add);
            out.collect(new OpenTrace(key, activities));
        }
    }

    private static final class ObjectDifferReader
            extends KeyedStateReaderFunction<String, LastVersion> {

        private final PipelineSettings settings;
        private transient MapState<String, StoredVersion> versions;

        ObjectDifferReader(PipelineSettings settings) {
            this.settings = settings;
        }

        @Override
        public void open(OpenContext context) {
            versions =
                    getRuntimeContext()
                            .getMapState(ObjectDiffer.lastVersionsState(settings.diff()));
        }

        @Override
        public void readKey(String key, Context context, Collector<LastVersion> out)
                throws Exception {
            for (Map.Entry<String, StoredVersion> entry : versions.entries()) {
                out.collect(new LastVersion(entry.getKey(), entry.getValue()));
            }
        }
    }

    private static final class DiffJoinerReader
            extends KeyedStateReaderFunction<String, AuditRecord> {

        private transient MapState<String, List<AuditRecord>> changes;

        @Override
        public void open(OpenContext context) {
            changes = getRuntimeContext().getMapState(DiffJoiner.waitingChangesState());
        }

        @Override
        public void readKey(String key, Context context, Collector<AuditRecord> out)
                throws Exception {
            for (List<AuditRecord> waiting : changes.values()) {
                waiting.forEach(out::collect);
            }
        }
    }

    /** The keys of a deduplicator, which keeps one time for each. */
    private static final class ForgetAtReader extends KeyedStateReaderFunction<String, String> {

        private final ValueStateDescriptor<Long> descriptor;
        private transient ValueState<Long> forgetAt;

        ForgetAtReader(ValueStateDescriptor<Long> descriptor) {
            this.descriptor = descriptor;
        }

        @Override
        public void open(OpenContext context) {
            forgetAt = getRuntimeContext().getState(descriptor);
        }

        @Override
        public void readKey(String key, Context context, Collector<String> out) throws Exception {
            if (forgetAt.value() != null) {
                out.collect(key);
            }
        }
    }
}
