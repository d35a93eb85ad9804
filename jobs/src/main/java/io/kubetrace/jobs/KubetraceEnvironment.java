package io.kubetrace.jobs;

import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.connector.base.source.reader.SourceReaderOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The Flink settings every kubetrace job runs with, and the local environment of the CLI. */
public final class KubetraceEnvironment {

    private KubetraceEnvironment() {}

    /**
     * Settings that hold in every job and test: state types must have real serializers (no Kryo
     * fallback that breaks savepoint compatibility), and every operator must have a uid of ours.
     */
    public static Configuration essentials(Configuration config) {
        config.set(PipelineOptions.GENERIC_TYPES, false);
        config.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
        // A file source reader that has finished may wait for a synchronization batch that never
        // comes (FLINK-40660) until this timeout, 30 s by default; everything it read has been
        // emitted by then, so there is nothing to wait for. Readers read it from the cluster's
        // configuration, so a cluster needs it too (flink-conf).
        config.set(SourceReaderOptions.SOURCE_READER_CLOSE_TIMEOUT, 2_000L);
        return config;
    }

    /**
     * A local Flink environment in this JVM, with RocksDB state under {@code workDirectory}, as the
     * CLI's bounded jobs use it.
     */
    public static StreamExecutionEnvironment local(
            Configuration jobConfig, int parallelism, Path workDirectory) {
        Configuration config = essentials(new Configuration(jobConfig));
        config.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        config.setString("state.backend.rocksdb.localdir", workDirectory.toString());
        config.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        config.set(TaskManagerOptions.NUM_TASK_SLOTS, parallelism);
        config.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("256mb"));
        return StreamExecutionEnvironment.createLocalEnvironment(config);
    }
}
