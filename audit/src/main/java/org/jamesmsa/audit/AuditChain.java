package org.jamesmsa.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The hash chain over audit records: {@code hash = sha256(prev + "\n" + the record's JSON without "hash")}, and
 * {@code prev} is the hash of the record before (64 zeros for the first one ever). Editing, inserting, deleting
 * or reordering a record breaks the chain at that record.
 */
public final class AuditChain {
    public static final String GENESIS = "0".repeat(64);

    private AuditChain() {
    }

    /** Serialises the record with its {@code hash} as the last field: one line of the audit file. */
    static String seal(ObjectMapper mapper, ObjectNode recordWithPrev) throws JsonProcessingException {
        String prev = recordWithPrev.get("prev").asText();
        String hash = hash(prev, mapper.writeValueAsString(recordWithPrev));
        recordWithPrev.put("hash", hash);
        return mapper.writeValueAsString(recordWithPrev);
    }

    /** The hash a line should carry, recomputed from its other fields. */
    static String expectedHash(ObjectMapper mapper, ObjectNode line) throws JsonProcessingException {
        ObjectNode withoutHash = line.deepCopy();
        withoutHash.remove("hash");
        return hash(line.path("prev").asText(), mapper.writeValueAsString(withoutHash));
    }

    static String hash(String prev, String json) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(prev.getBytes(StandardCharsets.US_ASCII));
            digest.update((byte) '\n');
            digest.update(json.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
