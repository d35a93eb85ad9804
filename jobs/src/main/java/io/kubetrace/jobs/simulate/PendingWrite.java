package io.kubetrace.jobs.simulate;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One record waiting to be written: an audit event with the object's state after the request, or a
 * Kubernetes Event. Its resourceVersions are filled in when it is written, in time order, so they
 * increase across every scenario of the cluster as a real etcd's do.
 *
 * @param stageNanos when the request completed (or the Event was recorded); the write order
 * @param sequence tie-breaker keeping one scenario's records of the same instant in order
 * @param cluster the cluster's name
 * @param objectKey the object the record is about
 * @param effect what the request does to the object's resourceVersion
 * @param audit the audit event without resourceVersions yet, {@code null} for a Kubernetes Event
 * @param state the object after the request, {@code null} for a Kubernetes Event
 * @param kubeEvent the Kubernetes Event, {@code null} for an audit event
 */
record PendingWrite(
        long stageNanos,
        long sequence,
        String cluster,
        String objectKey,
        Effect effect,
        ObjectNode audit,
        ObjectNode state,
        ObjectNode kubeEvent) {}
