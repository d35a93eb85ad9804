package io.kubetrace.gateway;

import java.util.List;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * Kafka stored a batch but for the records it refused as too large: the topic takes less than
 * {@code kafka.max-record-size}.
 */
final class RefusedAsTooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The refused records, in the order of the batch. */
    final transient List<EventRecord> refused;

    RefusedAsTooLarge(List<EventRecord> refused, RecordTooLargeException cause) {
        super(cause.getMessage(), cause, false, false);
        this.refused = refused;
    }

    /**
     * The answer's one line: the first refused event, the limit the topic must take and what to
     * change.
     *
     * @param recordLimit {@code kafka.max-record-size} plus Kafka's framing
     */
    String reason(String topic, long recordLimit) {
        EventRecord first = refused.get(0);
        return "Kafka refused "
                + first.name()
                + " of "
                + first.size()
                + " bytes as too large"
                + (refused.size() > 1
                        ? " (and " + (refused.size() - 1) + " more events of the batch)"
                        : "")
                + ": the max.message.bytes of topic "
                + topic
                + " is below kafka.max-record-size plus Kafka's framing ("
                + recordLimit
                + " bytes); raise the topic's max.message.bytes to "
                + recordLimit
                + " or lower kafka.max-record-size (Kafka said: "
                + getMessage()
                + ")";
    }
}
