package io.kubetrace.sources.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditFilesTest {

    @TempDir Path directory;

    private static String event(String time) {
        return "{\"auditID\":\""
                + time
                + "\",\"verb\":\"create\",\"stage\":\"ResponseComplete\","
                + "\"stageTimestamp\":\""
                + time
                + "\"}\n";
    }

    @Test
    void ordersRotatedLogsByTheirFirstEventAndPutsUnreadableOnesLast() throws IOException {
        Path rotatedEarlier =
                Files.writeString(directory.resolve("audit-b.log"), event("2024-01-01T10:00:00Z"));
        Path current =
                Files.writeString(directory.resolve("audit-a.log"), event("2024-01-01T11:00:00Z"));
        Path broken = Files.writeString(directory.resolve("audit-0.log"), "nothing to read\n");
        Files.writeString(directory.resolve(".hidden"), event("2020-01-01T00:00:00Z"));

        List<Path> files = AuditFiles.expand(List.of(directory));
        assertThat(files).containsExactly(broken, current, rotatedEarlier);

        assertThat(AuditFiles.oldestFirst(files, new AuditEventParser("c", 1024), 1 << 20))
                .containsExactly(rotatedEarlier, current, broken);
    }

    @Test
    void ordersALargePrettyPrintedEventListByItsFirstEvent() throws IOException {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 9000; i++) {
            items.append(i == 0 ? "" : ",\n    ").append(event("2024-01-01T09:00:00Z").strip());
        }
        Path large =
                Files.writeString(
                        directory.resolve("b-list.json"),
                        "{\n  \"kind\": \"EventList\",\n  \"items\": [\n    "
                                + items
                                + "\n  ]\n}\n");
        Path newer = Files.writeString(directory.resolve("a.log"), event("2024-01-01T10:00:00Z"));
        assertThat(Files.size(large)).isGreaterThan(1 << 20);

        assertThat(
                        AuditFiles.oldestFirst(
                                List.of(newer, large), new AuditEventParser("c", 1024), 64 << 20))
                .containsExactly(large, newer);
    }

    @Test
    void namesAPathThatDoesNotExist() {
        assertThatThrownBy(() -> AuditFiles.expand(List.of(directory.resolve("missing.log"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no such file or directory")
                .hasMessageContaining("missing.log");
    }
}
