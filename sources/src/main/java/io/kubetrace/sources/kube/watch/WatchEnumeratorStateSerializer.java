package io.kubetrace.sources.kube.watch;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** Writes the enumerator's state into checkpoints and savepoints. */
final class WatchEnumeratorStateSerializer
        implements SimpleVersionedSerializer<WatchEnumeratorState> {

    static final WatchEnumeratorStateSerializer INSTANCE = new WatchEnumeratorStateSerializer();

    private static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(WatchEnumeratorState state) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        out.writeInt(state.assignedSplitIds().size());
        for (String id : state.assignedSplitIds()) {
            out.writeUTF(id);
        }
        out.writeInt(state.pending().size());
        for (KubeWatchSplit split : state.pending()) {
            KubeWatchSplitSerializer.write(split, out);
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public WatchEnumeratorState deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("unknown version of the watch enumerator state: " + version);
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        int assignedCount = in.readInt();
        Set<String> assigned = new HashSet<>();
        for (int i = 0; i < assignedCount; i++) {
            assigned.add(in.readUTF());
        }
        int pendingCount = in.readInt();
        List<KubeWatchSplit> pending = new ArrayList<>();
        for (int i = 0; i < pendingCount; i++) {
            pending.add(KubeWatchSplitSerializer.read(in));
        }
        return new WatchEnumeratorState(assigned, pending);
    }
}
