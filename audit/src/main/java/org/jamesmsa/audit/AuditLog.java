package org.jamesmsa.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The default {@link AuditStore}: a folder of daily JSON-lines files. One writer thread takes every record waiting
 * in the queue, chains them ({@link AuditChain}), writes them with one write and one fsync ({@link DayFileWriter}),
 * and only then completes their futures: an acknowledged record is on disk, and thousands of records per second
 * cost a few hundred fsyncs, not thousands (group commit). A crash can leave only an unacknowledged partial last
 * line, which {@link #open} cuts off ({@link AuditFiles#recoverLastHash}).
 */
public final class AuditLog implements AuditStore {
    private static final Logger LOGGER = LoggerFactory.getLogger(AuditLog.class);
    private static final int MAX_BATCH = 4096;

    private static final class Pending {
        final AuditRecord record;
        final CompletableFuture<String> committed = new CompletableFuture<>();

        Pending(AuditRecord record) {
            this.record = record;
        }

        LocalDate day() {
            return LocalDate.ofInstant(record.ts(), ZoneOffset.UTC);
        }
    }

    private final Path directory;
    private final ObjectMapper mapper = new ObjectMapper();
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;

    // writer thread only (and open, before it starts)
    private final DayFileWriter files;
    private String lastHash;

    private AuditLog(Path directory, DayFileWriter files, String lastHash) {
        this.directory = directory;
        this.files = files;
        this.lastHash = lastHash;
        this.writer = new Thread(this::writeLoop, "james-msa-audit-writer");
        this.writer.setDaemon(true);
    }

    /**
     * Opens (creating it if needed) the audit folder, checks that it can be written, continues the chain of the
     * newest file and deletes expired files.
     *
     * @throws IOException naming the folder when it cannot be used
     */
    public static AuditLog open(Path directory, int retentionDays, Clock clock) throws IOException {
        if (retentionDays < 1) {
            throw new IllegalArgumentException("retention must be at least 1 day, not " + retentionDays);
        }
        try {
            Files.createDirectories(directory);
            Path probe = Files.createTempFile(directory, ".write-probe", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new IOException("audit folder " + directory + " is not writable: " + e, e);
        }
        DayFileWriter files = new DayFileWriter(directory, retentionDays, clock);
        AuditLog log = new AuditLog(directory, files, AuditFiles.recoverLastHash(directory));
        files.deleteExpired();
        log.writer.start();
        return log;
    }

    public Path directory() {
        return directory;
    }

    @Override
    public String location() {
        return directory.toString();
    }

    @Override
    public CompletableFuture<String> append(AuditRecord record) {
        Pending pending = new Pending(record);
        if (closed) {
            pending.committed.completeExceptionally(new IOException("audit log " + directory + " is closed"));
        } else {
            queue.add(pending);
        }
        return pending.committed;
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                batch.forEach(p -> p.committed.completeExceptionally(e));
                LOGGER.error("Audit writer failed; {} records not written", batch.size(), e);
            } finally {
                batch.clear();
            }
        }
        files.close();
    }

    /** Writes the batch day by day: one write and one fsync per day (one for almost every batch). */
    private void commit(List<Pending> batch) {
        int start = 0;
        while (start < batch.size()) {
            LocalDate day = batch.get(start).day();
            int end = start;
            while (end < batch.size() && batch.get(end).day().equals(day)) {
                end++;
            }
            try {
                commitDay(day, batch.subList(start, end));
            } catch (IOException e) {
                LOGGER.error("AUDIT WRITE FAILED in {}: {} records not written; their messages are held", directory,
                    batch.size() - start, e);
                batch.subList(start, batch.size()).forEach(p -> p.committed.completeExceptionally(e));
                return;
            }
            start = end;
        }
    }

    private void commitDay(LocalDate day, List<Pending> segment) throws IOException {
        String chain = lastHash;
        StringBuilder lines = new StringBuilder();
        List<String> hashes = new ArrayList<>(segment.size());
        for (Pending pending : segment) {
            chain = chainOnto(chain, pending.record, lines);
            hashes.add(chain);
        }
        files.append(day, lines.toString());
        lastHash = chain;
        for (int i = 0; i < segment.size(); i++) {
            segment.get(i).committed.complete(hashes.get(i));
        }
    }

    private String chainOnto(String prev, AuditRecord record, StringBuilder lines) throws JsonProcessingException {
        ObjectNode node = record.toJson(mapper, prev);
        lines.append(AuditChain.seal(mapper, node)).append('\n');
        return AuditChain.hashOf(node);
    }

    /** Writes what is queued, then stops. */
    @Override
    public void close() {
        closed = true;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
