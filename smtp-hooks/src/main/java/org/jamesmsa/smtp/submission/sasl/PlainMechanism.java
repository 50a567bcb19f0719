package org.jamesmsa.smtp.submission.sasl;

import java.util.Optional;

import org.apache.james.protocols.smtp.SMTPSession;
import org.jamesmsa.smtp.submission.sasl.SaslResponses.Credentials;
import org.jamesmsa.smtp.submission.sasl.SaslResponses.MalformedResponseException;

/**
 * PLAIN (RFC 4616): authorization identity, login and password in one response. A request to act as another
 * identity than the login is refused: no user may submit as another.
 */
public class PlainMechanism implements SaslMechanism {
    @Override
    public String name() {
        return "PLAIN";
    }

    /** James's {@code <auth><plainAuthEnabled>} of the listener. */
    @Override
    public boolean isAvailable(SMTPSession session) {
        return session.getConfiguration().isPlainAuthEnabled();
    }

    @Override
    public SaslStep start(SMTPSession session, Optional<String> initialResponse, PasswordCheck passwords) {
        if (initialResponse.isPresent()) {
            return verify(initialResponse.get(), passwords);
        }
        return SaslStep.challenge("", response -> verify(response, passwords));
    }

    private static SaslStep verify(String response, PasswordCheck passwords) {
        Credentials credentials;
        try {
            credentials = SaslResponses.decodePlain(response);
        } catch (MalformedResponseException e) {
            return SaslStep.failed(AuthReplies.malformed(e.getMessage()), e.getMessage());
        }
        if (credentials.asksForAnotherIdentity()) {
            return SaslStep.failed(AuthReplies.INVALID_CREDENTIALS, "authorization identity " + credentials.authorizationId()
                + " differs from the login " + credentials.login());
        }
        return SaslResponses.username(credentials.login())
            .map(login -> passwords.verify(login, credentials.password()))
            .orElseGet(() -> SaslStep.failed(AuthReplies.INVALID_CREDENTIALS, "'" + credentials.login() + "' is not a user name"));
    }
}
