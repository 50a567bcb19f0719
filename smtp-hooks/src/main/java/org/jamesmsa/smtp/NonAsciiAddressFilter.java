package org.jamesmsa.smtp;

import java.util.Collection;
import java.util.List;

import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.smtp.SMTPSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses a MAIL or RCPT whose argument is not ASCII with {@code 553 5.6.7} (RFC 6531 3.7.4.1), before James parses
 * it. James 3.8.1 reads command lines as US-ASCII: {@code "用户"@example.org} would become {@code "\uFFFD\uFFFD"} and
 * be accepted, the mail then stored or sent to an address nobody wrote. Internationalized addresses need SMTPUTF8,
 * which this server does not offer (README says why); the client is told so, on every listener.
 *
 * <pre>{@code
 * <handler class="org.jamesmsa.smtp.NonAsciiAddressFilter"/>
 * }</pre>
 */
public class NonAsciiAddressFilter implements CommandHandler<SMTPSession> {
    private static final Logger LOGGER = LoggerFactory.getLogger(NonAsciiAddressFilter.class);
    static final Response REFUSED = SmtpReplies.response("553", "5.6.7",
        "Non-ASCII address: this server does not offer SMTPUTF8; use an ASCII address").immutable();

    @Override
    public Response onCommand(SMTPSession session, Request request) {
        if (isAscii(request.getArgument())) {
            return null;
        }
        LOGGER.info("Session {}: {} refused: the address is not ASCII (SMTPUTF8 is not offered)", session.getSessionID(),
            request.getCommand());
        return REFUSED;
    }

    /** The line as James decoded it: a byte over 127 is U+FFFD by then, so any character over 127 tells. */
    static boolean isAscii(String argument) {
        return argument == null || argument.chars().allMatch(c -> c < 128);
    }

    @Override
    public Collection<String> getImplCommands() {
        return List.of("MAIL", "RCPT");
    }
}
