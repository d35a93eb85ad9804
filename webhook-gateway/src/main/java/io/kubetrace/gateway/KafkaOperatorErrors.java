package io.kubetrace.gateway;

import java.util.Optional;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Kafka failures that last until an operator acts (credentials, ACLs, the topic), and what to
 * change. The gateway still answers them 503: nothing of the batch is lost while kube-apiserver
 * sends it again, and the batch is stored once the operator has fixed Kafka.
 */
final class KafkaOperatorErrors {

    private KafkaOperatorErrors() {}

    /** The gateway's principal lacks WRITE on the topic. */
    static String mayNotWrite(String topic) {
        return "the gateway's Kafka principal may not write to topic "
                + topic
                + ": grant it WRITE on the topic";
    }

    /** What to change when the failure is an operator's to fix; empty when it passes by itself. */
    static Optional<String> explain(Throwable failure, String topic) {
        if (failure instanceof TopicAuthorizationException) {
            return Optional.of(mayNotWrite(topic));
        }
        if (failure instanceof AuthorizationException) {
            return Optional.of(
                    "the gateway's Kafka principal lacks a permission the producer needs: "
                            + failure.getMessage());
        }
        if (failure instanceof AuthenticationException) {
            return Optional.of(
                    "Kafka does not accept the gateway's credentials: check the sasl.* and ssl.*"
                            + " entries of kafka.properties");
        }
        if (failure instanceof InvalidTopicException) {
            return Optional.of(
                    "Kafka refuses topic "
                            + topic
                            + " as invalid: set kafka.topic to another name");
        }
        if (failure instanceof UnknownTopicOrPartitionException) {
            return Optional.of(
                    "Kafka topic "
                            + topic
                            + " does not exist: create it (k8s/optional/strimzi has a KafkaTopic)");
        }
        return Optional.empty();
    }
}
