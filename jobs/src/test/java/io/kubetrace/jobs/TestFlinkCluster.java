package io.kubetrace.jobs;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The Flink MiniCluster of the job tests: one TaskManager with two slots, as on a laptop. */
public final class TestFlinkCluster {

    private TestFlinkCluster() {}

    public static MiniClusterExtension twoSlots() {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        // Readers take some settings from the cluster, not from the job.
                        .setConfiguration(KubetraceEnvironment.essentials(new Configuration()))
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(2)
                        .build());
    }
}
