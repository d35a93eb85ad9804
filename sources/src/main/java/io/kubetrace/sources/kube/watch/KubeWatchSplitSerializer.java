package io.kubetrace.sources.kube.watch;

import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/** Writes a split and its position into checkpoints and savepoints. */
final class KubeWatchSplitSerializer implements SimpleVersionedSerializer<KubeWatchSplit> {

    static final KubeWatchSplitSerializer INSTANCE = new KubeWatchSplitSerializer();

    private static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(KubeWatchSplit split) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(128);
        write(split, out);
        return out.getCopyOfBuffer();
    }

    @Override
    public KubeWatchSplit deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("unknown version of a watch split: " + version);
        }
        return read(new DataInputDeserializer(serialized));
    }

    static void write(KubeWatchSplit split, DataOutputView out) throws IOException {
        ClusterConnection cluster = split.cluster();
        out.writeUTF(cluster.name());
        out.writeUTF(cluster.kubeconfigPath());
        out.writeUTF(cluster.context());
        out.writeUTF(cluster.masterUrl());
        WatchedResource resource = split.resource();
        out.writeUTF(resource.group());
        out.writeUTF(resource.version());
        out.writeUTF(resource.resource());
        WatchPosition position = split.position();
        out.writeBoolean(position.watching());
        out.writeUTF(position.resourceVersion());
        out.writeLong(position.listedItems());
    }

    static KubeWatchSplit read(DataInputView in) throws IOException {
        ClusterConnection cluster =
                new ClusterConnection(in.readUTF(), in.readUTF(), in.readUTF(), in.readUTF());
        WatchedResource resource = new WatchedResource(in.readUTF(), in.readUTF(), in.readUTF());
        WatchPosition position = new WatchPosition(in.readBoolean(), in.readUTF(), in.readLong());
        return new KubeWatchSplit(cluster, resource, position);
    }
}
