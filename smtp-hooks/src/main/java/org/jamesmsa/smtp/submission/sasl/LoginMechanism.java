package org.jamesmsa.smtp.submission.sasl;

import java.util.Optional;

import org.apache.james.protocols.smtp.SMTPSession;
import org.jamesmsa.smtp.submission.sasl.SaslResponses.MalformedResponseException;

/** LOGIN (draft-murchison-sasl-login): the login, then the password, each after its own challenge. */
public class LoginMechanism implements SaslMechanism {
    private static final String USERNAME_CHALLENGE = "VXNlcm5hbWU6";
    private static final String PASSWORD_CHALLENGE = "UGFzc3dvcmQ6";

    @Override
    public String name() {
        return "LOGIN";
    }

    /** James's {@code <auth><plainAuthEnabled>} of the listener, as for PLAIN. */
    @Override
    public boolean isAvailable(SMTPSession session) {
        return session.getConfiguration().isPlainAuthEnabled();
    }

    @Override
    public SaslStep start(SMTPSession session, Optional<String> initialResponse, PasswordCheck passwords) {
        if (initialResponse.isPresent()) {
            return receiveLogin(initialResponse.get(), passwords);
        }
        return SaslStep.challenge(USERNAME_CHALLENGE, response -> receiveLogin(response, passwords));
    }

    private static SaslStep receiveLogin(String response, PasswordCheck passwords) {
        String login;
        try {
            login = SaslResponses.decodeLoginField(response);
        } catch (MalformedResponseException e) {
            return SaslStep.failed(AuthReplies.malformed(e.getMessage()), e.getMessage());
        }
        return SaslStep.challenge(PASSWORD_CHALLENGE, passwordResponse -> receivePassword(login, passwordResponse, passwords));
    }

    private static SaslStep receivePassword(String login, String response, PasswordCheck passwords) {
        String password;
        try {
            password = SaslResponses.decodeLoginField(response);
        } catch (MalformedResponseException e) {
            return SaslStep.failed(AuthReplies.malformed(e.getMessage()), e.getMessage());
        }
        return SaslResponses.username(login)
            .map(user -> passwords.verify(user, password))
            .orElseGet(() -> SaslStep.failed(AuthReplies.INVALID_CREDENTIALS, "'" + login + "' is not a user name"));
    }
}
