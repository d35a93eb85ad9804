package io.kubetrace.sources.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubetrace.model.KubeEvent;
import io.kubetrace.model.KubeTime;
import io.kubetrace.model.ObjectVersion;
import io.kubetrace.model.ParsedObject;
import io.kubetrace.model.VersionChange;
import io.kubetrace.sources.SharedData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectDocumentReaderTest {

    private static final KubeObjectParser PARSER = new KubeObjectParser("kind");

    private static List<ParsedObject> read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    private static List<ParsedObject> read(InputStream in, String name) throws IOException {
        List<ParsedObject> all = new ArrayList<>();
        try (ObjectDocumentReader reader = new ObjectDocumentReader(in, name, PARSER, 1 << 20)) {
            ParsedObject next;
            while ((next = reader.next()) != null) {
                all.add(next);
            }
        }
        return all;
    }

    @Test
    void readsTheRealKspanCaptureIntoVersionsAndEvents() throws IOException {
        List<ParsedObject> all = read(SharedData.path("events/kspan-deployment-2-pods.yaml"));

        assertThat(all).hasSize(26).allSatisfy(parsed -> assertThat(parsed.rejection()).isNull());
        List<ObjectVersion> versions =
                all.stream().map(ParsedObject::version).filter(v -> v != null).toList();
        List<KubeEvent> events =
                all.stream().map(ParsedObject::event).filter(e -> e != null).toList();
        assertThat(versions)
                .extracting(v -> v.object().kind() + " " + v.object().name())
                .containsExactly(
                        "ReplicaSet px-5d567cc74c",
                        "Deployment px",
                        "Pod px-5d567cc74c-ss4lb",
                        "Pod px-7df978b9bf-jm22q",
                        "ReplicaSet px-7df978b9bf",
                        "Pod px-5d567cc74c-pmvzr",
                        "Pod px-7df978b9bf-bfdrj");
        ObjectVersion replicaSet = versions.get(0);
        assertThat(replicaSet.change()).isEqualTo(VersionChange.LISTED);
        assertThat(replicaSet.object().group()).isEqualTo("apps");
        assertThat(replicaSet.object().resource()).isEqualTo("replicasets");
        assertThat(replicaSet.parent().name()).isEqualTo("px");
        assertThat(replicaSet.parent().resource()).isEqualTo("deployments");
        assertThat(replicaSet.timeNanos())
                .isEqualTo(KubeTime.parseNanos("2021-05-19T09:42:58.650959062Z"));
        assertThat(replicaSet.body()).doesNotContain("managedFields");

        assertThat(events).hasSize(19);
        KubeEvent scaled = events.get(0);
        assertThat(scaled.reason()).isEqualTo("ScalingReplicaSet");
        assertThat(scaled.component()).isEqualTo("deployment-controller");
        assertThat(scaled.note()).isEqualTo("Scaled up replica set px-5d567cc74c to 1");
        assertThat(scaled.regarding().resource()).isEqualTo("deployments");
        assertThat(scaled.regarding().name()).isEqualTo("px");
        assertThat(scaled.timeNanos()).isEqualTo(KubeTime.parseNanos("2021-05-19T09:42:58Z"));
        assertThat(events)
                .extracting(KubeEvent::reason)
                .contains("Scheduled", "Pulling", "Killing", "SuccessfulDelete");
        assertThat(events).allSatisfy(event -> assertThat(event.component()).isNotEmpty());
    }

    @Test
    void readsNewStyleEventsWatchEventsAndListsAsJsonLines() throws IOException {
        String lines =
                "{\"type\":\"ADDED\",\"object\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"namespace\":\"ns\",\"uid\":\"u\",\"resourceVersion\":\"7\",\"creationTimestamp\":\"2024-01-01T00:00:00Z\"}}}\n"
                    + "{\"apiVersion\":\"events.k8s.io/v1\",\"kind\":\"Event\",\"metadata\":{\"name\":\"p.1\",\"namespace\":\"ns\",\"uid\":\"e\","
                    + "\"resourceVersion\":\"9\"},\"eventTime\":\"2024-01-01T00:00:01.500000Z\",\"series\":{\"count\":4,"
                    + "\"lastObservedTime\":\"2024-01-01T00:05:00.000000Z\"},\"reason\":\"BackOff\",\"type\":\"Warning\",\"note\":\"Back-off"
                    + " restarting failed"
                    + " container\",\"reportingController\":\"kubelet\",\"reportingInstance\":\"node-1\",\"action\":\"Restarting\",\"regarding\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"name\":\"p\",\"namespace\":\"ns\",\"uid\":\"u\"}}\n"
                    + "{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"items\":[{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"q\",\"namespace\":\"ns\",\"creationTimestamp\":\"2024-01-01T00:00:00Z\"}}]}\n"
                    + "{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{}}\n";

        List<ParsedObject> all =
                read(
                        new ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8)),
                        "objects.jsonl");

        assertThat(all).hasSize(4);
        assertThat(all.get(0).version().change()).isEqualTo(VersionChange.ADDED);
        assertThat(all.get(0).version().timeNanos())
                .isEqualTo(KubeTime.parseNanos("2024-01-01T00:00:00Z"));
        KubeEvent backOff = all.get(1).event();
        assertThat(backOff.count()).isEqualTo(4);
        assertThat(backOff.isWarning()).isTrue();
        assertThat(backOff.component()).isEqualTo("kubelet");
        assertThat(backOff.host()).isEqualTo("node-1");
        assertThat(backOff.action()).isEqualTo("Restarting");
        assertThat(backOff.timeNanos()).isEqualTo(KubeTime.parseNanos("2024-01-01T00:05:00Z"));
        assertThat(all.get(2).version().object().name()).isEqualTo("q");
        assertThat(all.get(3).rejection().reason()).isEqualTo("a Pod without metadata.name");
        assertThat(all.get(3).rejection().line()).isEqualTo(4);
    }
}
