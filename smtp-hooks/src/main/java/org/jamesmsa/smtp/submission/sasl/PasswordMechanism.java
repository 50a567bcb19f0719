package org.jamesmsa.smtp.submission.sasl;

import java.util.Optional;

import org.apache.james.protocols.smtp.SMTPSession;

/**
 * A mechanism that carries a login and a password (PLAIN, LOGIN): offered where James's
 * {@code <auth><plainAuthEnabled>} allows it, and checked by the listener's AuthHooks.
 */
public abstract class PasswordMechanism implements SaslMechanism {
    private final String name;
    private final String firstChallenge;

    /** @param firstChallenge what the server asks when AUTH came without an initial response */
    protected PasswordMechanism(String name, String firstChallenge) {
        this.name = name;
        this.firstChallenge = firstChallenge;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final SaslStep start(SMTPSession session, Optional<String> initialResponse, PasswordCheck passwords) {
        return SaslStep.firstResponse(initialResponse, firstChallenge, response -> onFirstResponse(response, passwords));
    }

    /** The client's first response, initial or after the first challenge. */
    protected abstract SaslStep onFirstResponse(String response, PasswordCheck passwords);

    @Override
    public boolean isAvailable(SMTPSession session) {
        return session.getConfiguration().isPlainAuthEnabled();
    }

    /** The password check of a login that must first be a valid user name. */
    protected static SaslStep verify(String login, String password, PasswordCheck passwords) {
        return SaslResponses.username(login)
            .map(user -> passwords.verify(user, password))
            .orElseGet(() -> SaslStep.failed(AuthReplies.INVALID_CREDENTIALS, "'" + login + "' is not a user name"));
    }

    protected static SaslStep malformed(SaslResponses.MalformedResponseException e) {
        return SaslStep.failed(AuthReplies.malformed(e.getMessage()), e.getMessage());
    }
}
