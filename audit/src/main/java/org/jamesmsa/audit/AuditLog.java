package org.jamesmsa.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 * cost a few hundred fsyncs, not thousands (group commit). Moving to a new day's file seals the old one
 * ({@link AuditMarkers}); the head is anchored outside the chain ({@link AuditAnchors}). A crash can leave only an
 * unacknowledged partial last line, which {@link #open} cuts off ({@link AuditFiles#recoverHead}).
 */
public final class AuditLog implements AuditStore {
    /** Outside the naming of day files, so that the verifier and the query tool never read it. */
    private static final String PROBE_FILE = ".write-probe";
    private static final int PROBE_BYTES = 4096;
    private static final Logger LOGGER = LoggerFactory.getLogger(AuditLog.class);
    private static final int MAX_BATCH = 4096;
    private static final long IDLE_POLL_MILLIS = 100;

    /** How the store is set up. */
    public static final class Options {
        private final Path directory;
        private int retentionDays = 30;
        private Clock clock = Clock.systemUTC();
        private Optional<Path> anchorDirectory = Optional.empty();
        private Duration anchorInterval = Duration.ofMinutes(1);
        private Optional<Path> anchorKey = Optional.empty();

        public Options(Path directory) {
            this.directory = directory;
        }

        public Options retentionDays(int days) {
            this.retentionDays = days;
            return this;
        }

        public Options clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Default: {@code audit-anchors} beside the audit folder. */
        public Options anchors(Path directory, Duration interval) {
            this.anchorDirectory = Optional.of(directory);
            this.anchorInterval = interval;
            return this;
        }

        /** An Ed25519 private key (PEM) that signs the anchors; made there when it does not exist. */
        public Options anchorKey(Path privateKey) {
            this.anchorKey = Optional.of(privateKey);
            return this;
        }

        Path anchorDirectory() {
            return anchorDirectory.orElseGet(() -> defaultAnchorDirectory(directory));
        }
    }

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
    private final Clock clock;
    private final ObjectMapper mapper = new ObjectMapper();
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;

    // writer thread only (and open, before it starts)
    private final DayFileWriter files;
    private final AuditAnchors anchors;
    private AuditHead head;

    private AuditLog(Path directory, Clock clock, DayFileWriter files, AuditAnchors anchors, AuditHead head) {
        this.directory = directory;
        this.clock = clock;
        this.files = files;
        this.anchors = anchors;
        this.head = head;
        this.writer = new Thread(this::writeLoop, "james-msa-audit-writer");
        this.writer.setDaemon(true);
    }

    /** Where the anchors of an audit folder go when no other folder is given. */
    public static Path defaultAnchorDirectory(Path auditDirectory) {
        Path absolute = auditDirectory.toAbsolutePath();
        return absolute.resolveSibling(absolute.getFileName() + "-anchors");
    }

    public static AuditLog open(Path directory, int retentionDays, Clock clock) throws IOException {
        return open(new Options(directory).retentionDays(retentionDays).clock(clock));
    }

    /**
     * Opens (creating it if needed) the audit folder, checks that it can be written, continues the chain of the
     * newest file and deletes expired files.
     *
     * @throws IOException naming the folder when it cannot be used
     */
    public static AuditLog open(Options options) throws IOException {
        if (options.retentionDays < 1) {
            throw new IllegalArgumentException("retention must be at least 1 day, not " + options.retentionDays);
        }
        Path directory = options.directory;
        try {
            Files.createDirectories(directory);
            Path probe = Files.createTempFile(directory, ".write-probe", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new IOException("audit folder " + directory + " is not writable: " + e, e);
        }
        Optional<AnchorKeys.Signer> signer = Optional.empty();
        if (options.anchorKey.isPresent()) {
            signer = Optional.of(AnchorKeys.signerFrom(options.anchorKey.get()));
        }
        AuditAnchors anchors = new AuditAnchors(options.anchorDirectory(), options.anchorInterval, signer,
            options.retentionDays, options.clock);
        DayFileWriter files = new DayFileWriter(directory, options.retentionDays, options.clock);
        AuditLog log = new AuditLog(directory, options.clock, files, anchors, AuditFiles.recoverHead(directory));
        files.deleteExpired();
        log.writer.start();
        return log;
    }

    public Path directory() {
        return directory;
    }

    /**
     * A block written and fsynced beside the day files, then removed: a full disk fails it as it fails a record. A
     * failed probe leaves its file (emptied by the next one), so that a probe path that cannot be written stays so.
     */
    @Override
    public void probe() throws IOException {
        Path probe = directory.resolve(PROBE_FILE);
        try (FileChannel channel = FileChannel.open(probe, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer block = ByteBuffer.allocate(PROBE_BYTES);
            while (block.hasRemaining()) {
                channel.write(block);
            }
            channel.force(true);
        }
        Files.delete(probe);
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
                Pending first = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    anchors.anchor(head, false);
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
        anchors.anchor(head, true);
        files.close();
    }

    /**
     * Writes the batch day by day: one write and one fsync per day (one for almost every batch). A record is filed
     * under its own UTC day, or the current file's when its clock reads earlier: the chain never goes back to a
     * sealed file.
     */
    private void commit(List<Pending> batch) {
        int start = 0;
        while (start < batch.size()) {
            LocalDate day = latest(batch.get(start).day());
            int end = start;
            while (end < batch.size() && latest(batch.get(end).day()).equals(day)) {
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
        anchors.anchor(head, false);
    }

    private LocalDate latest(LocalDate day) {
        return head.day.filter(current -> current.isAfter(day)).orElse(day);
    }

    private void commitDay(LocalDate day, List<Pending> segment) throws IOException {
        AuditHead cursor = head;
        StringBuilder lines = new StringBuilder();
        long added = 0;
        if (!cursor.day.map(day::equals).orElse(false)) {
            cursor = sealCurrentFile(cursor);
            ObjectNode open = AuditMarkers.open(mapper, clock.instant(), cursor.seq + 1, cursor.fileName(),
                cursor.day.map(d -> head.hash), cursor.hash);
            cursor = chain(cursor, open, day, lines);
            added++;
        }
        List<String> hashes = new ArrayList<>(segment.size());
        for (Pending pending : segment) {
            cursor = chain(cursor, pending.record.toJson(mapper, cursor.seq + 1, cursor.hash), day, lines);
            hashes.add(cursor.hash);
            added++;
        }
        files.append(day, lines.toString());
        head = head.after(day, added, cursor.hash, false);
        for (int i = 0; i < segment.size(); i++) {
            segment.get(i).committed.complete(hashes.get(i));
        }
    }

    /** Ends the current file with its seal before the chain moves to another day's file; the seal is anchored. */
    private AuditHead sealCurrentFile(AuditHead current) throws IOException {
        if (current.day.isEmpty() || current.sealed) {
            return current;
        }
        ObjectNode seal = AuditMarkers.seal(mapper, clock.instant(), current.seq + 1, current.fileName().orElseThrow(),
            current.linesInFile, current.hash);
        String line = AuditChain.seal(mapper, seal) + "\n";
        files.append(current.day.get(), line);
        head = current.after(current.day.get(), 1, AuditChain.hashOf(seal), true);
        anchors.anchor(head, true);
        return head;
    }

    /** The cursor after one more chained line, written to {@code lines}. */
    private AuditHead chain(AuditHead cursor, ObjectNode node, LocalDate day, StringBuilder lines) throws JsonProcessingException {
        lines.append(AuditChain.seal(mapper, node)).append('\n');
        return new AuditHead(cursor.seq + 1, AuditChain.hashOf(node), Optional.of(day), 0, false);
    }

    /** Writes what is queued, anchors the head, then stops. */
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
