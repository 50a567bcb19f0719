package org.jamesmsa.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Reads the audit folder: finds records, and verifies the hash chain. */
public final class AuditQuery {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Every criterion given must match; a Message-ID matches with or without its angle brackets. */
    public static final class Filter {
        private final Optional<String> messageId;
        private final Optional<String> traceId;
        private final Optional<String> user;
        private final Optional<String> clientIp;
        private final Optional<Instant> since;
        private final Optional<Instant> until;

        public Filter(Optional<String> messageId, Optional<String> traceId, Optional<String> user,
                      Optional<String> clientIp, Optional<Instant> since, Optional<Instant> until) {
            this.messageId = messageId;
            this.traceId = traceId;
            this.user = user;
            this.clientIp = clientIp;
            this.since = since;
            this.until = until;
        }

        public static Filter any() {
            return new Filter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
        }

        boolean matches(JsonNode record) {
            Instant ts = Instant.parse(text(record, AuditField.TS));
            return messageId.map(id -> bare(id).equals(bare(text(record, AuditField.MESSAGE_ID)))).orElse(true)
                && traceId.map(id -> id.equals(text(record, AuditField.TRACE_ID))).orElse(true)
                && user.map(u -> u.equalsIgnoreCase(text(record, AuditField.AUTH_USER))).orElse(true)
                && clientIp.map(ip -> ip.equals(text(record, AuditField.CLIENT_IP))).orElse(true)
                && since.map(s -> !ts.isBefore(s)).orElse(true)
                && until.map(u -> ts.isBefore(u)).orElse(true);
        }

        private static String bare(String messageId) {
            String trimmed = messageId.strip();
            return trimmed.startsWith("<") && trimmed.endsWith(">") ? trimmed.substring(1, trimmed.length() - 1) : trimmed;
        }
    }

    /** How many records verified, where the chain breaks first and why, and the hash the oldest record follows. */
    public static final class Verification {
        private final long records;
        private final Optional<String> firstBroken;
        private final Optional<String> startsAfter;

        public Verification(long records, Optional<String> firstBroken, Optional<String> startsAfter) {
            this.records = records;
            this.firstBroken = firstBroken;
            this.startsAfter = startsAfter;
        }

        public long records() {
            return records;
        }

        public Optional<String> firstBroken() {
            return firstBroken;
        }

        public Optional<String> startsAfter() {
            return startsAfter;
        }

        public boolean intact() {
            return firstBroken.isEmpty();
        }

        @Override
        public boolean equals(Object other) {
            if (!(other instanceof Verification)) {
                return false;
            }
            Verification that = (Verification) other;
            return records == that.records && firstBroken.equals(that.firstBroken) && startsAfter.equals(that.startsAfter);
        }

        @Override
        public int hashCode() {
            return Objects.hash(records, firstBroken, startsAfter);
        }

        @Override
        public String toString() {
            return "Verification[records=" + records + ", firstBroken=" + firstBroken + ", startsAfter=" + startsAfter + "]";
        }
    }

    /** A field's text, as written ({@code "null"} never: an absent value reads as empty). */
    public static String text(JsonNode record, AuditField field) {
        JsonNode value = record.path(field.json());
        return value.isNull() || value.isMissingNode() ? "" : value.asText();
    }

    private AuditQuery() {
    }

    public static List<JsonNode> find(Path directory, Filter filter) throws IOException {
        List<JsonNode> found = new ArrayList<>();
        for (Path file : AuditFiles.list(directory)) {
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode record;
                    try {
                        record = MAPPER.readTree(line);
                    } catch (IOException unreadable) {
                        continue; // verify reports it; find shows what can be read
                    }
                    if (filter.matches(record)) {
                        found.add(record);
                    }
                }
            }
        }
        return found;
    }

    /**
     * Checks every record's hash and its link to the record before, across files in date order. The first record
     * of the oldest file may point to a record removed by retention: that is reported, not a break. Records cut
     * from the end of the newest file leave no trace in the chain itself; compare counts with the logs for that.
     */
    public static Verification verify(Path directory) throws IOException {
        long count = 0;
        String previous = null;
        Optional<String> startsAfter = Optional.empty();
        for (Path file : AuditFiles.list(directory)) {
            int lineNumber = 0;
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lineNumber++;
                    String where = file.getFileName() + ":" + lineNumber;
                    ObjectNode record;
                    try {
                        JsonNode node = MAPPER.readTree(line);
                        if (!(node instanceof ObjectNode) || !node.has(AuditField.HASH.json()) || !node.has(AuditField.PREV.json())) {
                            return broken(count, where + ": not an audit record", startsAfter);
                        }
                        record = (ObjectNode) node;
                    } catch (IOException e) {
                        return broken(count, where + ": not JSON", startsAfter);
                    }
                    String prev = AuditChain.prevOf(record);
                    if (previous == null) {
                        if (!prev.equals(AuditChain.GENESIS)) {
                            startsAfter = Optional.of(prev);
                        }
                    } else if (!prev.equals(previous)) {
                        return broken(count, where + ": prev does not match the record before it"
                            + " (a record was deleted, inserted or moved)", startsAfter);
                    }
                    if (!AuditChain.hashOf(record).equals(AuditChain.expectedHash(MAPPER, record))) {
                        return broken(count, where + ": hash does not match the record (the record was altered)", startsAfter);
                    }
                    previous = AuditChain.hashOf(record);
                    count++;
                }
            }
        }
        return new Verification(count, Optional.empty(), startsAfter);
    }

    private static Verification broken(long count, String where, Optional<String> startsAfter) {
        return new Verification(count, Optional.of(where), startsAfter);
    }
}
