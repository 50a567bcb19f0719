package org.jamesmsa.audit;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
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
    private static final int BUFFER = 64 * 1024;

    private BodyHash() {
    }

    /** Of the body of a whole message: what follows its first empty line. */
    public static String ofMessage(InputStream message) throws IOException {
        InputStream in = new BufferedInputStream(message, BUFFER);
        // 0: inside a header line; 1: just after a line feed; 2: after a line feed and a carriage return.
        int state = 0;
        for (int b = in.read(); b != -1; b = in.read()) {
            if (b == '\n' && state != 0) {
                return ofBody(in);
            }
            state = b == '\n' ? 1 : state == 1 && b == '\r' ? 2 : 0;
        }
        return ofBody(InputStream.nullInputStream());
    }

    /**
     * Of a body given alone (the raw content of a MIME message, transfer encoding untouched), read once, in a stream:
     * a body of any size costs one buffer.
     */
    public static String ofBody(InputStream body) throws IOException {
        Relaxed canonical = new Relaxed(AuditChain.sha256());
        byte[] buffer = new byte[BUFFER];
        for (int read = body.read(buffer); read != -1; read = body.read(buffer)) {
            for (int i = 0; i < read; i++) {
                canonical.accept(buffer[i]);
            }
        }
        return AuditChain.hex(canonical.finish());
    }

    /**
     * RFC 6376 3.4.4 over a stream of bytes: runs of spaces and tabs become one space, none at a line's end, a line
     * feed with or without its carriage return ends a line, and empty lines count only when a line with content
     * follows them.
     */
    private static final class Relaxed {
        private final MessageDigest digest;
        private final byte[] out = new byte[BUFFER];
        private int used;
        private int emptyLines;
        private boolean lineHasContent;
        private boolean pendingSpace;
        private boolean pendingCarriageReturn;

        Relaxed(MessageDigest digest) {
            this.digest = digest;
        }

        void accept(byte b) {
            if (pendingCarriageReturn) {
                pendingCarriageReturn = false;
                if (b == '\n') {
                    endLine();
                    return;
                }
                content((byte) '\r');
            }
            if (b == '\r') {
                pendingCarriageReturn = true;
            } else if (b == '\n') {
                endLine();
            } else if (b == ' ' || b == '\t') {
                pendingSpace = true;
            } else {
                content(b);
            }
        }

        private void content(byte b) {
            if (!lineHasContent) {
                for (; emptyLines > 0; emptyLines--) {
                    emit((byte) '\r');
                    emit((byte) '\n');
                }
                lineHasContent = true;
            }
            if (pendingSpace) {
                emit((byte) ' ');
                pendingSpace = false;
            }
            emit(b);
        }

        private void endLine() {
            if (lineHasContent) {
                emit((byte) '\r');
                emit((byte) '\n');
            } else {
                emptyLines++;
            }
            lineHasContent = false;
            pendingSpace = false;
        }

        private void emit(byte b) {
            if (used == out.length) {
                digest.update(out, 0, used);
                used = 0;
            }
            out[used++] = b;
        }

        byte[] finish() {
            if (pendingCarriageReturn) {
                pendingCarriageReturn = false;
                content((byte) '\r');
            }
            if (lineHasContent) {
                endLine();
            }
            digest.update(out, 0, used);
            return digest.digest();
        }
    }
}
