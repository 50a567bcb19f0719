package org.jamesmsa.audit;

import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The chain's own records, which make the loss of a whole file or of its end visible. When the store moves to the
 * file of a new day it ends the old file with a {@code seal} (how many records the file holds, and, being a chained
 * record, the hash of all of them), and starts the new file with an {@code open} naming the file before and its
 * seal. A deleted file then leaves an {@code open} naming a file that is not there; a file cut short, or replaced
 * by an older copy, no longer ends with the seal the next file names.
 */
public final class AuditMarkers {
    public static final String MESSAGE = "message";
    /** Not a marker: what an operator did to an account (suspend, resume), see {@link AuditRecord#account}. */
    public static final String ACCOUNT = "account";
    public static final String SEAL = "seal";
    public static final String OPEN = "open";
    static final String FILE = "file";
    static final String RECORDS = "records";
    static final String PREVIOUS_FILE = "previousFile";
    static final String PREVIOUS_SEAL = "previousSeal";

    private AuditMarkers() {
    }

    static ObjectNode seal(ObjectMapper mapper, Instant ts, long seq, String file, long records, String prev) {
        ObjectNode node = start(mapper, ts, seq, SEAL);
        node.put(FILE, file);
        node.put(RECORDS, records);
        node.put(AuditField.PREV.json(), prev);
        return node;
    }

    static ObjectNode open(ObjectMapper mapper, Instant ts, long seq, Optional<String> previousFile, Optional<String> previousSeal,
                           String prev) {
        ObjectNode node = start(mapper, ts, seq, OPEN);
        node.put(PREVIOUS_FILE, previousFile.orElse(null));
        node.put(PREVIOUS_SEAL, previousSeal.orElse(null));
        node.put(AuditField.PREV.json(), prev);
        return node;
    }

    private static ObjectNode start(ObjectMapper mapper, Instant ts, long seq, String type) {
        ObjectNode node = mapper.createObjectNode();
        node.put(AuditField.TS.json(), AuditFiles.RFC3339.format(ts));
        node.put(AuditField.SEQ.json(), seq);
        node.put(AuditField.TYPE.json(), type);
        return node;
    }

    /** A line's type; records written before types existed are messages. */
    public static String typeOf(JsonNode line) {
        JsonNode type = line.path(AuditField.TYPE.json());
        return type.isTextual() ? type.asText() : MESSAGE;
    }

    /** A line's sequence number, or empty for records written before sequence numbers existed. */
    static Optional<Long> seqOf(JsonNode line) {
        JsonNode seq = line.path(AuditField.SEQ.json());
        return seq.canConvertToLong() ? Optional.of(seq.asLong()) : Optional.empty();
    }

    static Optional<String> text(JsonNode line, String member) {
        JsonNode value = line.path(member);
        return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }
}
