package io.kubetrace.operators;

import io.kubetrace.model.AuditError;
import io.kubetrace.model.AuditRecord;
import io.kubetrace.model.ObjectRef;
import java.util.List;

/** Builds audit records for operator tests; times are epoch milliseconds. */
final class TestAudit {

    static final String CLUSTER = "c1";
    static final String NAMESPACE = "team";

    private String auditId;
    private String verb = "update";
    private String subresource = "";
    private ObjectRef object;
    private String user = "system:serviceaccount:kube-system:replicaset-controller";
    private String userAgent = "kube-controller-manager/v1.29.2";
    private String stage = "ResponseComplete";
    private int code = 200;
    private AuditError error;
    private String resourceVersion = "";
    private String newResourceVersion = "";
    private long millis;
    private boolean parentKnown;
    private ObjectRef parent;
    private String snapshot = "";
    private String nodeName = "";

    private TestAudit(String auditId) {
        this.auditId = auditId;
    }

    static TestAudit audit(String auditId) {
        return new TestAudit(auditId);
    }

    static ObjectRef deployment(String name) {
        return new ObjectRef(
                CLUSTER, "apps", "v1", "deployments", NAMESPACE, name, "uid-" + name, "Deployment");
    }

    static ObjectRef replicaSet(String name) {
        return new ObjectRef(
                CLUSTER, "apps", "v1", "replicasets", NAMESPACE, name, "uid-" + name, "ReplicaSet");
    }

    static ObjectRef pod(String name) {
        return new ObjectRef(CLUSTER, "", "v1", "pods", NAMESPACE, name, "uid-" + name, "Pod");
    }

    TestAudit verb(String value) {
        verb = value;
        return this;
    }

    TestAudit subresource(String value) {
        subresource = value;
        return this;
    }

    TestAudit on(ObjectRef value) {
        object = value;
        return this;
    }

    TestAudit by(String value) {
        user = value;
        return this;
    }

    TestAudit userAgent(String value) {
        userAgent = value;
        return this;
    }

    TestAudit stage(String value) {
        stage = value;
        return this;
    }

    TestAudit failed(int status, String reason, String message, String... causes) {
        code = status;
        error = new AuditError(reason, message, List.of(causes));
        return this;
    }

    TestAudit code(int status) {
        code = status;
        return this;
    }

    TestAudit versions(String before, String after) {
        resourceVersion = before;
        newResourceVersion = after;
        return this;
    }

    TestAudit at(long epochMillis) {
        millis = epochMillis;
        return this;
    }

    /** The event carried the object's body, naming {@code owner} (or no parent, when null). */
    TestAudit parent(ObjectRef owner) {
        parentKnown = true;
        parent = owner;
        return this;
    }

    TestAudit snapshot(String json) {
        snapshot = json;
        return this;
    }

    TestAudit node(String name) {
        nodeName = name;
        return this;
    }

    AuditRecord build() {
        long stageNanos = millis * 1_000_000L;
        return new AuditRecord(
                object.cluster(),
                auditId,
                stage,
                "RequestResponse",
                verb,
                subresource,
                object,
                user,
                "",
                userAgent,
                List.of("172.18.0.2", "10.0.0.1"),
                "/apis/" + object.group() + "/" + object.resource() + "/" + object.name(),
                code,
                error,
                resourceVersion,
                newResourceVersion,
                stageNanos - 3_000_000L,
                stageNanos,
                parentKnown,
                parent,
                snapshot,
                nodeName,
                "",
                "audit.log",
                42);
    }
}
