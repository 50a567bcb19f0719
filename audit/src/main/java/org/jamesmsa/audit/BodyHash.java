package org.jamesmsa.audit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The hash that matches a copy of a message found anywhere (a complaint's attachment, a recipient's mailbox, an
 * mbox file) with its audit record: SHA-256 of the body only, which neither this MSA's header edits (trace, fix-ups,
 * DKIM) nor any later hop's headers change, canonicalized as DKIM's "relaxed" body (RFC 6376 3.4.4) so that a copy
 * saved with LF line ends or with trailing blanks still matches. A body re-encoded on the way (8-bit turned into
 * quoted-printable for a next hop without 8BITMIME) no longer matches; the record's {@code sha256} of the whole
 * message as accepted is for the MSA's own copy.
 */
public final class BodyHash {
    private BodyHash() {
    }

    /** Of the body of a whole message: what follows its first empty line. */
    public static String ofMessage(InputStream message) throws IOException {
        byte[] bytes = message.readAllBytes();
        return ofBody(bytes, bodyStart(bytes));
    }

    /** Of a body given alone (the raw content of a MIME message, transfer encoding untouched). */
    public static String ofBody(InputStream body) throws IOException {
        return ofBody(body.readAllBytes(), 0);
    }

    private static int bodyStart(byte[] message) {
        for (int i = 0; i < message.length; i++) {
            if (message[i] == '\n' && (i + 1 < message.length && message[i + 1] == '\n'
                    || i + 2 < message.length && message[i + 1] == '\r' && message[i + 2] == '\n')) {
                return message[i + 1] == '\n' ? i + 2 : i + 3;
            }
        }
        return message.length;
    }

    private static String ofBody(byte[] bytes, int from) {
        String text = new String(bytes, from, bytes.length - from, StandardCharsets.ISO_8859_1);
        StringBuilder canonical = new StringBuilder();
        int emptyLines = 0;
        for (String line : text.split("\r?\n", -1)) {
            String relaxed = line.replaceAll("[ \t]+", " ").replaceAll(" $", "");
            if (relaxed.isEmpty()) {
                emptyLines++;
                continue;
            }
            // Empty lines inside the body count; those at its end do not (RFC 6376 3.4.4).
            canonical.append("\r\n".repeat(emptyLines)).append(relaxed).append("\r\n");
            emptyLines = 0;
        }
        MessageDigest sha256 = AuditChain.sha256();
        return AuditChain.hex(sha256.digest(canonical.toString().getBytes(StandardCharsets.ISO_8859_1)));
    }
}
