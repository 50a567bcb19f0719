package org.jamesmsa.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The hash chain over audit records: {@code hash = sha256(prev + "\n" + the record's JSON without "hash")}, and
 * {@code prev} is the hash of the record before (64 zeros for the first one ever). Editing, inserting, deleting
 * or reordering a record breaks the chain at that record.
 */
public final class AuditChain {
    public static final String GENESIS = "0".repeat(64);
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private AuditChain() {
    }

    /** Serialises the record with its {@code hash} as the last field: one line of the audit file. */
    static String seal(ObjectMapper mapper, ObjectNode recordWithPrev) throws JsonProcessingException {
        String prev = recordWithPrev.get(AuditField.PREV.json()).asText();
        String hash = hash(prev, mapper.writeValueAsString(recordWithPrev));
        recordWithPrev.put(AuditField.HASH.json(), hash);
        return mapper.writeValueAsString(recordWithPrev);
    }

    /** The hash a line should carry, recomputed from its other fields. */
    static String expectedHash(ObjectMapper mapper, ObjectNode line) throws JsonProcessingException {
        ObjectNode withoutHash = line.deepCopy();
        withoutHash.remove(AuditField.HASH.json());
        return hash(line.path(AuditField.PREV.json()).asText(), mapper.writeValueAsString(withoutHash));
    }

    static String prevOf(JsonNode line) {
        return line.path(AuditField.PREV.json()).asText();
    }

    static String hashOf(JsonNode line) {
        return line.path(AuditField.HASH.json()).asText();
    }

    static String hash(String prev, String json) {
        MessageDigest digest = sha256();
        digest.update(prev.getBytes(StandardCharsets.US_ASCII));
        digest.update((byte) '\n');
        digest.update(json.getBytes(StandardCharsets.UTF_8));
        return hex(digest.digest());
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Lower-case hexadecimal, as every hash of the audit store is written. */
    public static String hex(byte[] bytes) {
        char[] text = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            text[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            text[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(text);
    }
}
