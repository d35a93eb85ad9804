package io.kubetrace.gateway;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends every stored event, with its cluster, as one JSON line to a file: a local copy to replay
 * with {@code kubetrace backfill --audit-log}. Written by its own thread, so a slow disk never
 * delays an answer.
 */
final class EventDump implements Consumer<AcceptedBatch>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventDump.class);

    private final Path file;
    private final OutputStream out;
    private final GatewayMetrics metrics;
    private final ExecutorService writer =
            Executors.newSingleThreadExecutor(DaemonThreads.named("kubetrace-gateway-dump"));

    EventDump(Path file, GatewayMetrics metrics) {
        this.file = file;
        this.metrics = metrics;
        try {
            this.out =
                    new BufferedOutputStream(
                            Files.newOutputStream(
                                    file, StandardOpenOption.CREATE, StandardOpenOption.APPEND),
                            1 << 16);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot open dump file " + file + ": " + e, e);
        }
    }

    @Override
    public void accept(AcceptedBatch batch) {
        writer.execute(() -> write(batch));
    }

    private void write(AcceptedBatch batch) {
        try {
            for (byte[] event : batch.events()) {
                out.write(event);
                out.write('\n');
            }
            out.flush();
        } catch (IOException e) {
            metrics.dumpFailed();
            LOG.warn(
                    "cannot append {} events to {}: {}", batch.events().size(), file, e.toString());
        }
    }

    /** Writes what is queued, then closes the file. */
    @Override
    public void close() throws IOException {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("the dump file {} may lack the last batches", file);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.close();
    }
}
