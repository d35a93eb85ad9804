package io.kubetrace.gateway;

import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One audit event of a batch as the Kafka record it is written as, with what answers and logs name
 * it by.
 *
 * @param item where the event is in the request: {@code items[3]}, or {@code the event}
 * @param auditId the event's {@code auditID}
 * @param verb the event's {@code verb}
 * @param objectRef the event's {@code objectRef} ({@code resource[.group] namespace/name}), else
 *     its {@code requestURI}
 * @param record key {@code cluster/namespace}, value the event's JSON
 * @param trimmed what was dropped so that the record fits, as the event's annotation says
 */
record EventRecord(
        String item,
        String auditId,
        String verb,
        String objectRef,
        ProducerRecord<byte[], byte[]> record,
        Optional<String> trimmed) {

    /** Key and value: what {@code kafka.max-record-size} limits. */
    int size() {
        return record.key().length + record.value().length;
    }

    /** The log line of a trimmed event: its cluster, auditID, verb, object and what it lost. */
    Optional<String> trimmedLine(String cluster) {
        return trimmed.map(
                dropped ->
                        "stored a trimmed audit event of cluster "
                                + cluster
                                + ", auditID "
                                + auditId
                                + ", "
                                + verb
                                + " "
                                + objectRef
                                + ": "
                                + dropped);
    }

    /** The event as an answer names it: {@code items[3] (auditID 4f1e...)}. */
    String name() {
        return item + " (auditID " + auditId + ")";
    }
}
