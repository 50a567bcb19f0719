package org.jamesmsa.smtp;

import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.SeparatingDataLineFilter;

/**
 * A data-line filter that sees each header field of a message as it streams in and learns where the header section
 * ends: at the empty line, or at the end of the data for a message that has no body. Nothing is held but what a
 * subclass holds, so a message of any size passes in one stream.
 */
public abstract class HeaderSectionFilter extends SeparatingDataLineFilter {
    private static final byte[] END_OF_DATA = {'.', '\r', '\n'};

    /** A header line: the first line of a field ({@code continuation} false) or one of its folded lines. */
    protected abstract Response onHeaderLine(SMTPSession session, byte[] line, boolean continuation, LineHandler<SMTPSession> next);

    /**
     * The header section ends before {@code line} (the empty line, or the end of the data); whatever the subclass
     * writes here comes last in the header section.
     */
    protected abstract Response onHeaderEnd(SMTPSession session, byte[] line, LineHandler<SMTPSession> next);

    @Override
    protected final Response onHeadersLine(SMTPSession session, byte[] line, LineHandler<SMTPSession> next) {
        if (java.util.Arrays.equals(line, END_OF_DATA)) {
            return onHeaderEnd(session, line, next);
        }
        boolean continuation = line.length > 0 && (line[0] == ' ' || line[0] == '\t');
        return onHeaderLine(session, line, continuation, next);
    }

    @Override
    protected final Response onSeparatorLine(SMTPSession session, byte[] line, LineHandler<SMTPSession> next) {
        return onHeaderEnd(session, line, next);
    }

    /** The field name of a header line, lower case; empty for a line that is no field. */
    protected static String fieldName(byte[] line) {
        for (int i = 0; i < line.length; i++) {
            if (line[i] == ':') {
                return new String(line, 0, i, java.nio.charset.StandardCharsets.ISO_8859_1).strip().toLowerCase(java.util.Locale.ROOT);
            }
        }
        return "";
    }

    /** Hands each line to the next filter; the first reply (an error) stops it. */
    protected static Response pass(SMTPSession session, Iterable<byte[]> lines, LineHandler<SMTPSession> next) {
        for (byte[] line : lines) {
            Response response = next.onLine(session, line);
            if (response != null) {
                return response;
            }
        }
        return null;
    }

    protected static byte[] field(String name, String value) {
        return (name + ": " + value + "\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
