package org.jamesmsa.audit;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The append-only audit store. One writer thread takes every record waiting in the queue, chains them, writes
 * them with one write and one fsync (group commit), and only then completes their futures: an acknowledged
 * record is on disk, and thousands of records per second cost a few hundred fsyncs, not thousands.
 *
 * <p>Files rotate at midnight UTC; files older than the retention are deleted when the store opens and at each
 * rotation. A crash can leave only an unacknowledged partial last line, which {@link #open} cuts off.</p>
 */
public final class AuditLog implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(AuditLog.class);
    private static final int MAX_BATCH = 4096;
    private static final int TAIL_BYTES = 1 << 20;

    private record Pending(AuditRecord record, CompletableFuture<String> committed) {
    }

    private final Path directory;
    private final int retentionDays;
    private final Clock clock;
    private final ObjectMapper mapper = new ObjectMapper();
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;

    // writer thread only (and open, before it starts)
    private String lastHash;
    private FileChannel channel;
    private LocalDate channelDay;

    private AuditLog(Path directory, int retentionDays, Clock clock, String lastHash) {
        this.directory = directory;
        this.retentionDays = retentionDays;
        this.clock = clock;
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
        AuditLog log = new AuditLog(directory, retentionDays, clock, recoverLastHash(directory));
        log.deleteExpired();
        log.writer.start();
        return log;
    }

    public Path directory() {
        return directory;
    }

    /** @return completes with the record's hash once it is on disk, or exceptionally when it could not be written */
    public CompletableFuture<String> append(AuditRecord record) {
        CompletableFuture<String> committed = new CompletableFuture<>();
        if (closed) {
            committed.completeExceptionally(new IOException("audit log " + directory + " is closed"));
            return committed;
        }
        queue.add(new Pending(record, committed));
        return committed;
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
                batch.forEach(p -> p.committed().completeExceptionally(e));
                LOGGER.error("Audit writer failed; {} records not written", batch.size(), e);
            } finally {
                batch.clear();
            }
        }
        closeChannel();
    }

    /** Writes the batch day by day: one write and one fsync per day (one for almost every batch). */
    private void commit(List<Pending> batch) {
        int start = 0;
        while (start < batch.size()) {
            LocalDate day = dayOf(batch.get(start));
            int end = start;
            while (end < batch.size() && dayOf(batch.get(end)).equals(day)) {
                end++;
            }
            List<Pending> segment = batch.subList(start, end);
            try {
                commitSegment(day, segment);
            } catch (IOException e) {
                LOGGER.error("AUDIT WRITE FAILED in {}: {} records not written; their messages are held", directory,
                    batch.size() - start, e);
                batch.subList(start, batch.size()).forEach(p -> p.committed().completeExceptionally(e));
                closeChannel();
                return;
            }
            start = end;
        }
    }

    private void commitSegment(LocalDate day, List<Pending> segment) throws IOException {
        if (channel == null || !day.equals(channelDay)) {
            rotateTo(day);
        }
        String chain = lastHash;
        StringBuilder lines = new StringBuilder();
        List<String> hashes = new ArrayList<>(segment.size());
        for (Pending pending : segment) {
            ObjectNode node = pending.record().toJson(mapper, chain);
            String line = AuditChain.seal(mapper, node);
            chain = node.get("hash").asText();
            hashes.add(chain);
            lines.append(line).append('\n');
        }
        long before = channel.size();
        try {
            ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(false);
        } catch (IOException e) {
            try {
                channel.truncate(before);
            } catch (IOException ignored) {
                // the partial line is cut off at the next open
            }
            throw e;
        }
        lastHash = chain;
        for (int i = 0; i < segment.size(); i++) {
            segment.get(i).committed().complete(hashes.get(i));
        }
    }

    private void rotateTo(LocalDate day) throws IOException {
        closeChannel();
        channel = FileChannel.open(AuditFiles.fileFor(directory, day),
            StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        channelDay = day;
        deleteExpired();
    }

    private void deleteExpired() {
        LocalDate oldestKept = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(retentionDays);
        try {
            for (Path file : AuditFiles.list(directory)) {
                if (AuditFiles.dayOf(file).orElseThrow().isBefore(oldestKept)) {
                    Files.delete(file);
                    LOGGER.info("Deleted audit file {}: older than the retention of {} days", file, retentionDays);
                }
            }
        } catch (IOException e) {
            LOGGER.error("Cannot delete expired audit files in {}", directory, e);
        }
    }

    private static LocalDate dayOf(Pending pending) {
        return LocalDate.ofInstant(pending.record().ts(), ZoneOffset.UTC);
    }

    /** The hash of the newest record, after cutting off an unfinished last line left by a crash. */
    private static String recoverLastHash(Path directory) throws IOException {
        List<Path> files = AuditFiles.list(directory);
        for (int i = files.size() - 1; i >= 0; i--) {
            String last = lastCompleteLine(files.get(i));
            if (last != null) {
                return new ObjectMapper().readTree(last).path("hash").asText(AuditChain.GENESIS);
            }
        }
        return AuditChain.GENESIS;
    }

    private static String lastCompleteLine(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            long size = raf.length();
            if (size == 0) {
                return null;
            }
            int length = (int) Math.min(size, TAIL_BYTES);
            byte[] tail = new byte[length];
            raf.seek(size - length);
            raf.readFully(tail);
            int end = length;
            if (tail[length - 1] != '\n') {
                int lastNewline = lastIndexOf(tail, length - 1);
                long keep = lastNewline < 0 ? size - length : size - length + lastNewline + 1;
                LOGGER.warn("Audit file {} ends with an unfinished record (crash before its commit): cut at byte {}", file, keep);
                raf.setLength(keep);
                end = lastNewline + 1;
                if (end <= 0) {
                    return null;
                }
            }
            int lineEnd = end - 1;
            int lineStart = lastIndexOf(tail, lineEnd - 1) + 1;
            return new String(tail, lineStart, lineEnd - lineStart, StandardCharsets.UTF_8);
        }
    }

    private static int lastIndexOf(byte[] bytes, int from) {
        for (int i = from; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOGGER.warn("Closing audit file failed", e);
            }
            channel = null;
            channelDay = null;
        }
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
