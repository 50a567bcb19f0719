package org.jamesmsa.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The chain's head, written outside the chain: records cut from the end of the newest file leave a chain that
 * verifies, but not one that reaches the last anchor. Every {@code interval} when records were added, and at every
 * seal, the writer appends the head (sequence number, hash, file) to {@code anchors.jsonl} in a folder of its own
 * (put it on another disk or a write-once mount) and to the log (which ships elsewhere), signed with an Ed25519 key
 * when one is configured. Records written after the last anchor can still be cut unnoticed: at most one interval.
 */
public final class AuditAnchors {
    private static final Logger LOGGER = LoggerFactory.getLogger(AuditAnchors.class);
    public static final String FILE = "anchors.jsonl";
    static final String SIGNATURE = "sig";
    static final String RETENTION = "retentionDays";
    private static final String VERSION = "james-msa-audit-anchor/1";

    /** One anchor as read back. */
    public static final class Anchor {
        final int line;
        final Instant ts;
        final long seq;
        final String hash;
        final String file;
        final int retentionDays;
        final Optional<String> signature;

        Anchor(int line, Instant ts, long seq, String hash, String file, int retentionDays, Optional<String> signature) {
            this.line = line;
            this.ts = ts;
            this.seq = seq;
            this.hash = hash;
            this.file = file;
            this.retentionDays = retentionDays;
            this.signature = signature;
        }

        /** What the signature covers. */
        String signedText() {
            return signedText(ts, seq, hash, file);
        }

        static String signedText(Instant ts, long seq, String hash, String file) {
            return VERSION + " " + AuditFiles.RFC3339.format(ts) + " " + seq + " " + hash + " " + file;
        }

        @Override
        public String toString() {
            return "anchor of " + AuditFiles.RFC3339.format(ts) + " (" + FILE + " line " + line + ")";
        }
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private final Path directory;
    private final Duration interval;
    private final Optional<AnchorKeys.Signer> signer;
    private final int retentionDays;
    private final Clock clock;
    private long anchoredSeq = -1;
    private Instant anchoredAt = Instant.MIN;

    AuditAnchors(Path directory, Duration interval, Optional<AnchorKeys.Signer> signer, int retentionDays, Clock clock)
            throws IOException {
        this.directory = directory;
        this.interval = interval;
        this.signer = signer;
        this.retentionDays = retentionDays;
        this.clock = clock;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new IOException("audit anchor folder " + directory + " cannot be created: " + e, e);
        }
    }

    /** Anchors the head when it moved and the interval passed, or at once when {@code now} (a seal). Never throws. */
    void anchor(AuditHead head, boolean now) {
        Instant time = clock.instant();
        boolean due = now || anchoredAt == Instant.MIN || Duration.between(anchoredAt, time).compareTo(interval) >= 0;
        if (head.seq == anchoredSeq || head.seq == 0 || !due) {
            return;
        }
        String file = head.fileName().orElse("");
        ObjectNode anchor = mapper.createObjectNode();
        anchor.put(AuditField.TS.json(), AuditFiles.RFC3339.format(time));
        anchor.put(AuditField.SEQ.json(), head.seq);
        anchor.put(AuditField.HASH.json(), head.hash);
        anchor.put(AuditMarkers.FILE, file);
        anchor.put(RETENTION, retentionDays);
        Instant written = Instant.parse(anchor.get(AuditField.TS.json()).asText());
        signer.ifPresent(key -> anchor.put(SIGNATURE, key.sign(Anchor.signedText(written, head.seq, head.hash, file))));
        try {
            String line = mapper.writeValueAsString(anchor);
            append(line + "\n");
            LOGGER.info("AUDIT ANCHOR {}", line);
            anchoredSeq = head.seq;
            anchoredAt = time;
        } catch (IOException e) {
            LOGGER.error("AUDIT ANCHOR NOT WRITTEN to {} for record {}: {}", directory, head.seq, e.toString());
        }
    }

    private void append(String line) throws IOException {
        try (FileChannel channel = FileChannel.open(directory.resolve(FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(false);
        }
    }

    /** The anchors of a folder, oldest first; a line that is not an anchor is reported by {@code problems}. */
    static List<Anchor> read(Path directory, List<String> problems) throws IOException {
        Path file = directory.resolve(FILE);
        List<Anchor> anchors = new ArrayList<>();
        if (!Files.exists(file)) {
            return anchors;
        }
        ObjectMapper mapper = new ObjectMapper();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int number = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode node = mapper.readTree(line);
                    anchors.add(new Anchor(number, Instant.parse(node.path(AuditField.TS.json()).asText()),
                        node.path(AuditField.SEQ.json()).asLong(), node.path(AuditField.HASH.json()).asText(),
                        node.path(AuditMarkers.FILE).asText(), node.path(RETENTION).asInt(0),
                        AuditMarkers.text(node, SIGNATURE)));
                } catch (JsonProcessingException | RuntimeException e) {
                    problems.add(FILE + " line " + number + " is not an anchor");
                }
            }
        }
        return anchors;
    }
}
