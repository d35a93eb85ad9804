package io.kubetrace.operators;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubetrace.model.DiffKind;
import io.kubetrace.model.ObjectDiff;
import io.kubetrace.model.ObjectRef;
import io.kubetrace.model.ObjectVersion;
import io.kubetrace.model.VersionChange;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ObjectDifferTest {

    private static final DiffSettings SETTINGS =
            new DiffSettings(Duration.ofSeconds(15), 2000, "", Duration.ofDays(7));

    private KeyedOneInputStreamOperatorTestHarness<String, ObjectVersion, ObjectDiff> harness;

    @BeforeEach
    void openHarness() throws Exception {
        harness =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new ObjectDiffer(SETTINGS), ObjectDiffer::key, Types.STRING);
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    private static ObjectVersion version(
            String name, String uid, String rv, VersionChange change, String body) {
        ObjectRef ref =
                new ObjectRef("c1", "apps", "v1", "deployments", "team", name, uid, "Deployment");
        String json =
                ("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'"
                                + name
                                + "','uid':'"
                                + uid
                                + "','resourceVersion':'"
                                + rv
                                + "'},"
                                + body
                                + "}")
                        .replace('\'', '"');
        return new ObjectVersion(
                ref, rv, change, Long.parseLong(rv) * 1_000_000_000L, json, null, "test", 1);
    }

    private static ObjectVersion labelled(ObjectVersion version) {
        String body =
                version.body()
                        .replace(
                                "\"metadata\":{",
                                "\"metadata\":{\"labels\":{\"kubetrace.io/redact\":\"\"},");
        return new ObjectVersion(
                version.object(),
                version.resourceVersion(),
                version.change(),
                version.timeNanos(),
                body,
                null,
                "t",
                1);
    }

    private void send(ObjectVersion version) throws Exception {
        harness.processElement(version, version.eventTimeMillis());
    }

    private List<ObjectDiff> diffs() {
        return harness.extractOutputValues();
    }

    @Test
    void diffsEachNewVersionAgainstTheLastAndSkipsRepeatsAndOldOnes() throws Exception {
        send(version("web", "u1", "10", VersionChange.LISTED, "'spec':{'replicas':2}"));
        send(version("web", "u1", "12", VersionChange.MODIFIED, "'spec':{'replicas':3}"));
        send(version("web", "u1", "12", VersionChange.MODIFIED, "'spec':{'replicas':3}"));
        send(version("web", "u1", "11", VersionChange.MODIFIED, "'spec':{'replicas':9}"));
        send(version("web", "u1", "13", VersionChange.MODIFIED, "'spec':{'replicas':3}"));

        assertThat(diffs())
                .extracting(
                        ObjectDiff::kind,
                        ObjectDiff::oldResourceVersion,
                        ObjectDiff::newResourceVersion,
                        ObjectDiff::lines)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                DiffKind.UPDATE, "10", "12", List.of("spec.replicas 2 -> 3")),
                        org.assertj.core.groups.Tuple.tuple(
                                DiffKind.UPDATE, "12", "13", List.of()));
    }

    @Test
    void snapshotsCreationAndDeletionAndForgetsTheDeletedObject() throws Exception {
        send(version("web", "u1", "20", VersionChange.ADDED, "'spec':{'replicas':1}"));
        send(version("web", "u1", "21", VersionChange.DELETED, "'spec':{'replicas':1}"));
        send(version("web", "u2", "30", VersionChange.LISTED, "'spec':{'replicas':5}"));
        send(version("web", "u3", "31", VersionChange.MODIFIED, "'spec':{'replicas':6}"));

        assertThat(diffs())
                .extracting(ObjectDiff::kind)
                .containsExactly(DiffKind.CREATE, DiffKind.DELETE);
        assertThat(diffs().get(0).snapshot()).contains("\"replicas\":1");
        assertThat(diffs().get(1).oldResourceVersion()).isEqualTo("20");

        send(version("web", "u3", "32", VersionChange.DELETED, "'spec':{'replicas':6}"));
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void neverShowsSecretValuesNorTheContentOfObjectsLabelledForRedaction() throws Exception {
        ObjectRef secret = new ObjectRef("c1", "", "v1", "secrets", "team", "db", "s1", "Secret");
        String before =
                "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"db\"},\"data\":{\"password\":\"aHVudGVyMg==\"}}";
        String after =
                "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"db\"},\"data\":{\"password\":\"c2VjcmV0\"}}";
        send(
                new ObjectVersion(
                        secret, "1", VersionChange.ADDED, 1_000_000_000L, before, null, "t", 1));
        send(
                new ObjectVersion(
                        secret, "2", VersionChange.MODIFIED, 2_000_000_000L, after, null, "t", 2));
        send(
                labelled(
                        version(
                                "labelled",
                                "u9",
                                "3",
                                VersionChange.LISTED,
                                "'spec':{'token':'a'}")));
        send(
                labelled(
                        version(
                                "labelled",
                                "u9",
                                "4",
                                VersionChange.MODIFIED,
                                "'spec':{'token':'b'}")));

        assertThat(diffs().get(0).snapshot()).doesNotContain("aHVudGVyMg==").contains("<redacted>");
        assertThat(diffs().get(1).lines()).containsExactly("data.password (changed)");
        assertThat(diffs().get(1).redacted()).isTrue();
        assertThat(diffs().get(2).lines()).containsExactly("spec.token (changed)");
    }

    @Test
    void cutsALongDiffWithAMarker() throws Exception {
        StringBuilder before = new StringBuilder("'spec':{");
        StringBuilder after = new StringBuilder("'spec':{");
        for (int i = 0; i < 200; i++) {
            before.append(i == 0 ? "" : ",")
                    .append("'field")
                    .append(i)
                    .append("':'old-value-")
                    .append(i)
                    .append("'");
            after.append(i == 0 ? "" : ",")
                    .append("'field")
                    .append(i)
                    .append("':'new-value-")
                    .append(i)
                    .append("'");
        }
        send(version("web", "u1", "1", VersionChange.LISTED, before + "}"));
        send(version("web", "u1", "2", VersionChange.MODIFIED, after + "}"));

        List<String> lines = diffs().get(0).lines();
        assertThat(String.join("\n", lines).length()).isLessThanOrEqualTo(2100);
        assertThat(lines.get(lines.size() - 1)).matches("…\\[\\d+ more changed fields cut]");
    }
}
