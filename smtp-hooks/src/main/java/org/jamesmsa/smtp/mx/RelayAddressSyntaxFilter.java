package org.jamesmsa.smtp.mx;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.dsn.DSNStatus;
import org.jamesmsa.smtp.SmtpReplies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses recipient addresses that ask this server to route mail on: the {@code %}-hack
 * ({@code user%remote@local}), UUCP bang paths ({@code remote!user@local}), source routes
 * ({@code @relay:user@remote}) and quoted local parts hiding any of these ({@code "user@remote"@local}).
 * Each is answered {@code 550 5.7.1}, the relaying refusal, before James parses the address: James drops source
 * routes silently, and a later gateway or alias could interpret the others as a relay request.
 *
 * <pre>{@code
 * <handler class="org.jamesmsa.smtp.mx.RelayAddressSyntaxFilter"/>
 * }</pre>
 */
public class RelayAddressSyntaxFilter implements CommandHandler<SMTPSession> {
    private static final Logger LOGGER = LoggerFactory.getLogger(RelayAddressSyntaxFilter.class);

    private static final String ROUTING_CHARACTERS = "%!@";

    @Override
    public Response onCommand(SMTPSession session, Request request) {
        return routingTrickIn(request.getArgument())
            .map(reason -> {
                LOGGER.info("RCPT {} refused from {}: {}", request.getArgument(),
                    session.getRemoteAddress().getAddress().getHostAddress(), reason);
                return (Response) SmtpReplies.response(SMTPRetCode.MAILBOX_PERM_UNAVAILABLE,
                    DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.SECURITY_AUTH),
                    "Requested action not taken: relaying denied (" + reason + ")");
            })
            .orElse(null);
    }

    /** The reason why an RCPT argument ({@code TO:<path> [params]}) asks for routing, if it does. */
    static Optional<String> routingTrickIn(String argument) {
        if (argument == null) {
            return Optional.empty();
        }
        int colon = argument.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String path = pathOf(argument.substring(colon + 1).strip());
        if (path.startsWith("@")) {
            return Optional.of("source routes are not accepted");
        }
        int at = path.lastIndexOf('@');
        String localPart = at < 0 ? path : path.substring(0, at);
        for (char c : ROUTING_CHARACTERS.toCharArray()) {
            if (localPart.indexOf(c) >= 0) {
                return Optional.of("'" + c + "' in the local part is not accepted");
            }
        }
        return Optional.empty();
    }

    private static String pathOf(String forwardPath) {
        if (forwardPath.startsWith("<")) {
            int close = forwardPath.lastIndexOf('>');
            return close > 0 ? forwardPath.substring(1, close) : forwardPath.substring(1);
        }
        int space = forwardPath.indexOf(' ');
        return space < 0 ? forwardPath : forwardPath.substring(0, space);
    }

    @Override
    public Collection<String> getImplCommands() {
        return List.of("RCPT");
    }
}
