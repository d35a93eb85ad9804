package io.kubetrace.sinks;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubetrace.model.SpanRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceTreeRendererTest {

    @Test
    void drawsObjectsWithTheirChangesInTimeOrder() {
        assertThat(TraceTreeRenderer.render(TestSpans.trace()))
                .isEqualTo(
                        "trace 0af7651916cd43dd8448eb211c80319c  2023-11-14 22:13:20.000 UTC,"
                                + " 0.900s, 4 spans, cluster prod\n"
                                + "deployments team/web  [22:13:20.000 +0.900s]\n"
                                + "└─ pods team/web-1  [22:13:20.100 +0.800s]\n"
                                + "   ├─ 22:13:20.100  kubelet patch status  [200]\n"
                                + "   │     · error  reason=Conflict  retry=true\n"
                                + "   └─ 22:13:20.500  alice patch (Conflict)  [409]  ERROR\n"
                                + "         · error  reason=Conflict  retry=true\n");
    }

    @Test
    void showsSpansWhoseParentIsMissingAtTheTop() {
        List<SpanRecord> orphan = List.of(TestSpans.trace().get(2));

        assertThat(TraceTreeRenderer.render(orphan))
                .contains(
                        "kubelet patch status  [200]  (parent span b2b2b2b2b2b2b2b2 not written)");
    }
}
