package io.kubetrace.jobs.simulate;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One audit event waiting to be written. Its resourceVersions are filled in when it is written, in
 * time order, so they increase across every scenario of the cluster as a real etcd's do.
 *
 * @param stageNanos when the request completed; the order events are written in
 * @param sequence tie-breaker keeping one scenario's events of the same instant in order
 * @param cluster the cluster's name
 * @param objectKey the object the request changes
 * @param effect what the request does to the object's resourceVersion
 * @param event the audit event, without resourceVersions yet
 */
record PendingWrite(
        long stageNanos,
        long sequence,
        String cluster,
        String objectKey,
        Effect effect,
        ObjectNode event) {}
