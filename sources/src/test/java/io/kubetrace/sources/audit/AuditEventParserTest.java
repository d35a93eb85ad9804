package io.kubetrace.sources.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubetrace.model.AuditRecord;
import io.kubetrace.model.ObjectRef;
import io.kubetrace.model.ParsedAudit;
import io.kubetrace.sources.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class AuditEventParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final AuditEventParser parser = new AuditEventParser("minikube", 64 * 1024);

    private AuditRecord parseFalco(String file) throws IOException {
        JsonNode node = JSON.readTree(Files.readString(SharedData.path("audit/falco/" + file)));
        ParsedAudit parsed = parser.parse(node, file, 1);
        assertThat(parsed.rejection()).isNull();
        return parsed.record();
    }

    private ParsedAudit parse(String json) throws IOException {
        return parser.parse(JSON.readTree(json), "test", 7);
    }

    @Test
    void readsAPodCreatedByTheReplicaSetControllerWithItsNameFromTheResponse() throws IOException {
        AuditRecord record = parseFalco("create_nginx_pod_privileged.json");

        assertThat(record.cluster()).isEqualTo("minikube");
        assertThat(record.verb()).isEqualTo("create");
        assertThat(record.user())
                .isEqualTo("system:serviceaccount:kube-system:replicaset-controller");
        assertThat(record.responseCode()).isEqualTo(201);
        assertThat(record.object().resource()).isEqualTo("pods");
        assertThat(record.object().kind()).isEqualTo("Pod");
        assertThat(record.object().name()).startsWith("nginx-deployment-");
        assertThat(record.object().uid()).isNotEmpty();
        assertThat(record.parentKnown()).isTrue();
        assertThat(record.parent().resource()).isEqualTo("replicasets");
        assertThat(record.parent().group()).isEqualTo("apps");
        assertThat(record.parent().kind()).isEqualTo("ReplicaSet");
        assertThat(record.parent().namespace()).isEqualTo("default");
        assertThat(record.newResourceVersion()).isNotEmpty();
        assertThat(record.snapshot()).contains("\"kind\":\"Pod\"").doesNotContain("managedFields");
        assertThat(record.stageNanos()).isGreaterThanOrEqualTo(record.requestReceivedNanos());
    }

    @Test
    void mapsTheRetiredExtensionsGroupToApps() throws IOException {
        AuditRecord record = parseFalco("create_deployment.json");

        assertThat(record.object().group()).isEqualTo("apps");
        assertThat(record.object().name()).isEqualTo("nginx-deployment");
        assertThat(record.level()).isEqualTo("Request");
        assertThat(record.parentKnown()).isTrue();
        assertThat(record.parent()).isNull();
        assertThat(record.newResourceVersion()).isEmpty();
    }

    @Test
    void knowsNothingOfTheParentAtMetadataLevel() throws IOException {
        AuditRecord record = parseFalco("create_secret.json");

        assertThat(record.parentKnown()).isFalse();
        assertThat(record.snapshot()).isEmpty();
        assertThat(record.object().key()).isEqualTo("minikube//secrets/default/example-secret");
    }

    @Test
    void keepsTheNonCompletedStageForTheFilterToCount() throws IOException {
        assertThat(parseFalco("attach_pod.json").stage()).isEqualTo("ResponseStarted");
    }

    @Test
    void rejectsEventsWithoutWhatATraceNeeds() throws IOException {
        assertThat(
                        parse(
                                        "{\"kind\":\"Event\",\"verb\":\"create\",\"stage\":\"ResponseComplete\"}")
                                .rejection()
                                .reason())
                .isEqualTo("missing auditID");
        assertThat(
                        parse(
                                        "{\"auditID\":\"a\",\"verb\":\"create\",\"stage\":\"ResponseComplete\","
                                            + "\"stageTimestamp\":\"yesterday\"}")
                                .rejection()
                                .reason())
                .startsWith("invalid stageTimestamp 'yesterday'");
        assertThat(parse("{\"kind\":\"Pod\"}").rejection().reason())
                .isEqualTo("not an audit event: kind Pod");
        ParsedAudit rejected = parse("\"text\"");
        assertThat(rejected.rejection().reason()).isEqualTo("not an audit event: a JSON string");
        assertThat(rejected.rejection().source()).isEqualTo("test");
        assertThat(rejected.rejection().line()).isEqualTo(7);
    }

    @Test
    void usesTheClusterTheGatewayNamed() throws IOException {
        AuditRecord record =
                parse(
                                "{\"auditID\":\"a\",\"verb\":\"delete\",\"stage\":\"ResponseComplete\","
                                    + "\"stageTimestamp\":\"2024-01-02T03:04:05.123456Z\","
                                    + "\"objectRef\":{\"resource\":\"pods\",\"namespace\":\"ns\","
                                    + "\"name\":\"p\"},\"cluster\":\"prod-eu\"}")
                        .record();

        assertThat(record.cluster()).isEqualTo("prod-eu");
        assertThat(record.requestReceivedNanos()).isEqualTo(record.stageNanos());
        assertThat(record.stageNanos() % 1_000_000_000L).isEqualTo(123_456_000L);
    }

    @Test
    void unwrapsAnAksDiagnosticLogWhoseLogIsAJsonString() throws IOException {
        String event =
                Files.readString(SharedData.path("audit/falco/create_deployment.json")).strip();
        String envelope =
                JSON.createObjectNode()
                        .put("category", "kube-audit")
                        .set(
                                "properties",
                                JSON.createObjectNode()
                                        .put("log", event)
                                        .put("pod", "kube-apiserver-1"))
                        .toString();

        AuditRecord record = parse(envelope).record();

        assertThat(record.object().name()).isEqualTo("nginx-deployment");
        assertThat(parse("{\"properties\":{\"log\":\"{broken\"}}").rejection().reason())
                .startsWith("AKS envelope: properties.log is not JSON");
    }

    @Test
    void readsAGkeCloudLoggingEntryBackIntoAnAuditEvent() throws IOException {
        // Shaped as GKE writes Kubernetes audit entries to Cloud Logging (fields per Google's
        // docs).
        String entry =
                "{\"protoPayload\":{\"@type\":\"type.googleapis.com/google.cloud.audit.AuditLog\","
                    + "\"authenticationInfo\":{\"principalEmail\":\"system:serviceaccount:kube-system:replicaset-controller\"},"
                    + "\"methodName\":\"io.k8s.core.v1.pods.create\","
                    + "\"resourceName\":\"core/v1/namespaces/default/pods/web-7d4b9-abcde\","
                    + "\"requestMetadata\":{\"callerIp\":\"10.0.0.2\",\"callerSuppliedUserAgent\":\"kube-controller-manager/v1.29.1\"},"
                    + "\"response\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"web-7d4b9-abcde\","
                    + "\"namespace\":\"default\",\"uid\":\"u-1\",\"resourceVersion\":\"42\",\"ownerReferences\":"
                    + "[{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"name\":\"web-7d4b9\",\"uid\":\"u-0\",\"controller\":true}]}},"
                    + "\"status\":{}},"
                    + "\"operation\":{\"id\":\"9f1c\",\"producer\":\"k8s.io\",\"first\":true,\"last\":true},"
                    + "\"resource\":{\"type\":\"k8s_cluster\",\"labels\":{\"cluster_name\":\"gke-prod\"}},"
                    + "\"timestamp\":\"2024-05-01T12:00:00.5Z\"}";

        AuditRecord record = parse(entry).record();

        assertThat(record.auditId()).isEqualTo("9f1c");
        assertThat(record.cluster()).isEqualTo("gke-prod");
        assertThat(record.verb()).isEqualTo("create");
        assertThat(record.responseCode()).isEqualTo(201);
        assertThat(record.object())
                .isEqualTo(
                        new ObjectRef(
                                "gke-prod",
                                "",
                                "v1",
                                "pods",
                                "default",
                                "web-7d4b9-abcde",
                                "u-1",
                                "Pod"));
        assertThat(record.parent().name()).isEqualTo("web-7d4b9");
        assertThat(record.newResourceVersion()).isEqualTo("42");
        assertThat(
                        parse("{\"protoPayload\":{\"methodName\":\"storage.buckets.get\"}}")
                                .rejection()
                                .reason())
                .contains("not a Kubernetes audit entry");
    }

    @Test
    void readsParentLinkAnnotationsAcrossNamespacesAndClusters() throws IOException {
        String body =
                "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"namespace\":\"ns\","
                    + "\"annotations\":{\"kelemetry.kubewharf.io/parent-link\":"
                    + "\"{\\\"cluster\\\":\\\"core\\\",\\\"group\\\":\\\"podseidon.kubewharf.io\\\","
                    + "\\\"version\\\":\\\"v1alpha1\\\",\\\"resource\\\":\\\"podprotectors\\\","
                    + "\\\"namespace\\\":\\\"other\\\",\\\"name\\\":\\\"ppr\\\",\\\"uid\\\":\\\"u-9\\\"}\"}}}";
        AuditRecord record = parse(event("create", "pods", body)).record();

        assertThat(record.parent())
                .isEqualTo(
                        new ObjectRef(
                                "core",
                                "podseidon.kubewharf.io",
                                "v1alpha1",
                                "podprotectors",
                                "other",
                                "ppr",
                                "u-9",
                                ""));
    }

    @Test
    void hidesSecretValuesAndTheContentOfObjectsLabelledForRedaction() throws IOException {
        String secret =
                "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"s\",\"namespace\":\"ns\"},"
                    + "\"data\":{\"password\":\"aHVudGVyMg==\"},\"stringData\":{\"token\":\"abc\"}}";
        String labelled =
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\",\"namespace\":\"ns\","
                    + "\"labels\":{\"kubetrace.io/redact\":\"\"}},\"data\":{\"key\":\"private\"}}";

        String secretSnapshot = parse(event("create", "secrets", secret)).record().snapshot();
        String labelledSnapshot =
                parse(event("create", "configmaps", labelled)).record().snapshot();

        assertThat(secretSnapshot)
                .contains("\"password\":\"<redacted>\"", "\"token\":\"<redacted>\"")
                .doesNotContain("aHVudGVyMg==", "abc");
        assertThat(labelledSnapshot).contains("\"data\":\"<redacted>\"").doesNotContain("private");
    }

    @Test
    void hidesTheManifestKubectlApplyKeepsInAnAnnotation() throws IOException {
        String applied =
                "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"s\",\"namespace\":\"ns\","
                    + "\"annotations\":{\"kubectl.kubernetes.io/last-applied-configuration\":"
                    + "\"{\\\"data\\\":{\\\"password\\\":\\\"aHVudGVyMg==\\\"}}\"}},"
                    + "\"data\":{\"password\":\"aHVudGVyMg==\"}}";

        String snapshot = parse(event("create", "secrets", applied)).record().snapshot();

        assertThat(snapshot)
                .contains("\"kubectl.kubernetes.io/last-applied-configuration\":\"<redacted>\"")
                .doesNotContain("aHVudGVyMg==");
    }

    @Test
    void learnsNothingOfTheParentFromAPatchBody() throws IOException {
        String serverSideApply =
                "{\"auditID\":\"a\",\"verb\":\"patch\",\"stage\":\"ResponseComplete\",\"level\":\"Request\","
                    + "\"stageTimestamp\":\"2024-01-02T03:04:05Z\","
                    + "\"objectRef\":{\"resource\":\"pods\",\"namespace\":\"ns\",\"name\":\"p\"},"
                    + "\"responseStatus\":{\"code\":200},\"requestObject\":{\"apiVersion\":\"v1\","
                    + "\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"labels\":{\"a\":\"b\"}}}}";

        assertThat(parse(serverSideApply).record().parentKnown()).isFalse();
    }

    @Test
    void rejectsTimestampsBeyondWhatNanosecondsCanHold() throws IOException {
        assertThat(
                        parse(
                                        "{\"auditID\":\"a\",\"verb\":\"create\",\"stage\":\"ResponseComplete\","
                                            + "\"stageTimestamp\":\"+300000-01-01T00:00:00Z\"}")
                                .rejection()
                                .reason())
                .startsWith("invalid stageTimestamp '+300000-01-01T00:00:00Z'");
    }

    @Test
    void readsSubresourcesOfANamespaceInAGkeEntry() throws IOException {
        String entry =
                "{\"protoPayload\":{\"methodName\":\"io.k8s.core.v1.namespaces.finalize.update\","
                        + "\"resourceName\":\"core/v1/namespaces/foo/finalize\",\"status\":{}},"
                        + "\"operation\":{\"id\":\"x\"},\"timestamp\":\"2024-05-01T12:00:00Z\"}";

        AuditRecord record = parse(entry).record();

        assertThat(record.object().resource()).isEqualTo("namespaces");
        assertThat(record.object().name()).isEqualTo("foo");
        assertThat(record.subresource()).isEqualTo("finalize");
    }

    @Test
    void cutsLongSnapshotsWithAMarker() throws IOException {
        String big =
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\",\"namespace\":\"ns\"},"
                    + "\"data\":{\"blob\":\""
                        + "x".repeat(5000)
                        + "\"}}";
        AuditEventParser small = new AuditEventParser("c", 1000);

        String snapshot =
                small.parse(JSON.readTree(event("create", "configmaps", big)), "t", 1)
                        .record()
                        .snapshot();

        assertThat(snapshot).hasSizeLessThan(1100).endsWith("…[truncated 4098 bytes]");
    }

    @Test
    void describesAFailedRequestWithItsCauses() throws IOException {
        String failed =
                "{\"auditID\":\"a\",\"verb\":\"create\",\"stage\":\"ResponseComplete\","
                    + "\"stageTimestamp\":\"2024-01-02T03:04:05Z\","
                    + "\"objectRef\":{\"resource\":\"services\",\"namespace\":\"ns\",\"name\":\"web\"},"
                    + "\"responseStatus\":{\"code\":422,\"status\":\"Failure\",\"reason\":\"Invalid\",\"message\":\"Service"
                    + " \\\"web\\\" is"
                    + " invalid\",\"details\":{\"causes\":[{\"reason\":\"FieldValueInvalid\",\"message\":\"Invalid"
                    + " value: 0\",\"field\":\"spec.ports[0].port\"}]}}}";

        AuditRecord record = parse(failed).record();

        assertThat(record.error().reason()).isEqualTo("Invalid");
        assertThat(record.error().message()).isEqualTo("Service \"web\" is invalid");
        assertThat(record.error().causes())
                .containsExactly("spec.ports[0].port: Invalid value: 0 (FieldValueInvalid)");
    }

    private static String event(String verb, String resource, String body) {
        return "{\"auditID\":\"id-"
                + verb
                + "\",\"verb\":\""
                + verb
                + "\",\"stage\":\"ResponseComplete\","
                + "\"level\":\"RequestResponse\",\"stageTimestamp\":\"2024-01-02T03:04:05Z\","
                + "\"objectRef\":{\"resource\":\""
                + resource
                + "\",\"namespace\":\"ns\"},"
                + "\"responseStatus\":{\"code\":201},\"responseObject\":"
                + body
                + "}";
    }
}
