package org.jamesmsa.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The audit folder: one file per UTC day, {@code audit-YYYY-MM-DD.jsonl}, one JSON record per line. Knows how the
 * files are named and listed, which ones retention deletes, and how the chain continues after a crash.
 */
public final class AuditFiles {
    private static final Logger LOGGER = LoggerFactory.getLogger(AuditFiles.class);
    static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);
    private static final Pattern NAME = Pattern.compile("audit-(\\d{4}-\\d{2}-\\d{2})\\.jsonl");
    private static final int TAIL_BYTES = 1 << 20;

    private AuditFiles() {
    }

    static Path fileFor(Path directory, LocalDate day) {
        return directory.resolve(nameFor(day));
    }

    static String nameFor(LocalDate day) {
        return "audit-" + day + ".jsonl";
    }

    static Optional<LocalDate> dayOf(Path file) {
        Matcher matcher = NAME.matcher(file.getFileName().toString());
        return matcher.matches() ? Optional.of(LocalDate.parse(matcher.group(1))) : Optional.empty();
    }

    /** The audit files of the folder, oldest first. Other files are ignored. */
    public static List<Path> list(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> dayOf(file).isPresent())
                .sorted(Comparator.comparing(file -> dayOf(file).orElseThrow()))
                .collect(Collectors.toList());
        }
    }

    /** Deletes the files of days before {@code oldestKept}; a failure is logged, never fatal. */
    static void deleteBefore(Path directory, LocalDate oldestKept, int retentionDays) {
        try {
            for (Path file : list(directory)) {
                if (dayOf(file).orElseThrow().isBefore(oldestKept)) {
                    Files.delete(file);
                    LOGGER.info("Deleted audit file {}: older than the retention of {} days", file, retentionDays);
                }
            }
        } catch (IOException e) {
            LOGGER.error("Cannot delete expired audit files in {}", directory, e);
        }
    }

    /**
     * Where the chain stands, after cutting off an unfinished last line left by a crash: the chain goes on from the
     * newest record. A line is only acknowledged once fsynced, so what is cut was never acknowledged.
     */
    static AuditHead recoverHead(Path directory) throws IOException {
        List<Path> files = list(directory);
        ObjectMapper mapper = new ObjectMapper();
        for (int i = files.size() - 1; i >= 0; i--) {
            Path file = files.get(i);
            String last = lastCompleteLine(file);
            if (last == null) {
                continue;
            }
            JsonNode lastLine = mapper.readTree(last);
            String hash = AuditChain.hashOf(lastLine);
            JsonNode firstLine = mapper.readTree(firstLine(file));
            Optional<Long> lastSeq = AuditMarkers.seqOf(lastLine);
            Optional<Long> firstSeq = AuditMarkers.seqOf(firstLine);
            long lines = lastSeq.isPresent() && firstSeq.isPresent() ? lastSeq.get() - firstSeq.get() + 1 : countLines(file);
            return new AuditHead(lastSeq.orElse(0L), hash.isEmpty() ? AuditChain.GENESIS : hash, dayOf(file), lines,
                AuditMarkers.SEAL.equals(AuditMarkers.typeOf(lastLine)));
        }
        return AuditHead.EMPTY;
    }

    private static String firstLine(Path file) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return reader.readLine();
        }
    }

    private static long countLines(Path file) throws IOException {
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.count();
        }
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
}
