package io.kubetrace.gateway;

import java.util.List;

/**
 * A batch Kafka has stored: what the dump file and the forwarder get.
 *
 * @param cluster the cluster the events came from
 * @param body the request body as received
 * @param events each event as stored in Kafka (JSON, with its cluster)
 */
record AcceptedBatch(String cluster, byte[] body, List<byte[]> events) {}
