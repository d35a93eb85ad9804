package io.kubetrace.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.client.program.StreamContextEnvironment;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.DefaultExecutorServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The CLI's main exits the JVM with the command's code on a person's machine, and never inside a
 * Flink cluster, where its JVM is the JobManager's.
 */
class KubetraceCliExitTest {

    private final List<Integer> exits = new ArrayList<>();

    @AfterEach
    void leaveTheCluster() {
        StreamContextEnvironment.unsetAsContext();
    }

    @Test
    void onItsOwnItExitsWithTheCode() {
        KubetraceCli.finish(0, null, exits::add);
        KubetraceCli.finish(2, null, exits::add);

        assertThat(exits).containsExactly(0, 2);
    }

    @Test
    void runByFlinkItReturnsOrThrowsButNeverExits() {
        // What Flink's ClientUtils does before it calls a program's main in the JobManager.
        StreamContextEnvironment.setAsContext(
                new DefaultExecutorServiceLoader(),
                new Configuration(),
                getClass().getClassLoader(),
                true,
                false);

        KubetraceCli.finish(0, null, exits::add);
        assertThatThrownBy(() -> KubetraceCli.finish(1, null, exits::add))
                .hasMessageContaining("exit code 1");
        IllegalArgumentException cause = new IllegalArgumentException("no such topic");
        assertThatThrownBy(() -> KubetraceCli.finish(1, cause, exits::add))
                .hasMessageContaining("exit code 1: ")
                .hasMessageContaining("no such topic")
                .hasCause(cause);
        assertThat(exits).isEmpty();
    }
}
