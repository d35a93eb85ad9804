package io.kubetrace.jobs;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The live job's inputs. Its graph for each combination of inputs, step by step, is in {@code
 * cli.OperatorUidsTest}.
 */
class LiveJobTest {

    @Test
    void needsSomethingToRead() {
        assertThatThrownBy(() -> new LiveJob.Inputs(null, null))
                .hasMessage("a live job needs audit events, watched clusters, or both");
    }
}
