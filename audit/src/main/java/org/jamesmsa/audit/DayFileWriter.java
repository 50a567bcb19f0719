package org.jamesmsa.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends lines to the file of their UTC day with one write and one fsync per call, rotating to a new file when
 * the day changes and deleting files past the retention at each rotation. Not thread-safe: the audit writer thread
 * owns it.
 */
final class DayFileWriter implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(DayFileWriter.class);

    private final Path directory;
    private final int retentionDays;
    private final Clock clock;
    private FileChannel channel;
    private LocalDate channelDay;

    DayFileWriter(Path directory, int retentionDays, Clock clock) {
        this.directory = directory;
        this.retentionDays = retentionDays;
        this.clock = clock;
    }

    void deleteExpired() {
        AuditFiles.deleteBefore(directory, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(retentionDays),
            retentionDays);
    }

    /**
     * Writes and fsyncs the lines; on failure cuts the file back to where it was, so that no partial batch stays
     * behind a record that will be written later.
     */
    void append(LocalDate day, String lines) throws IOException {
        if (channel == null || !day.equals(channelDay)) {
            rotateTo(day);
        }
        long before = channel.size();
        try {
            ByteBuffer bytes = ByteBuffer.wrap(lines.getBytes(StandardCharsets.UTF_8));
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
            close();
            throw e;
        }
    }

    private void rotateTo(LocalDate day) throws IOException {
        close();
        channel = FileChannel.open(AuditFiles.fileFor(directory, day),
            StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        channelDay = day;
        deleteExpired();
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOGGER.warn("Closing audit file of {} failed", channelDay, e);
            }
            channel = null;
            channelDay = null;
        }
    }
}
