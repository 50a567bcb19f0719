package org.jamesmsa.smtp.submission.sasl;

import org.jamesmsa.smtp.submission.sasl.SaslResponses.MalformedResponseException;

/** LOGIN (draft-murchison-sasl-login): the login, then the password, each after its own challenge. */
public class LoginMechanism extends PasswordMechanism {
    private static final String USERNAME_CHALLENGE = "VXNlcm5hbWU6";
    private static final String PASSWORD_CHALLENGE = "UGFzc3dvcmQ6";

    public LoginMechanism() {
        super("LOGIN", USERNAME_CHALLENGE);
    }

    /** The login; the password follows its own challenge. */
    @Override
    protected SaslStep onFirstResponse(String response, PasswordCheck passwords) {
        String login;
        try {
            login = SaslResponses.decodeLoginField(response);
        } catch (MalformedResponseException e) {
            return malformed(e);
        }
        return SaslStep.challenge(PASSWORD_CHALLENGE, passwordResponse -> receivePassword(login, passwordResponse, passwords));
    }

    private static SaslStep receivePassword(String login, String response, PasswordCheck passwords) {
        try {
            return verify(login, SaslResponses.decodeLoginField(response), passwords);
        } catch (MalformedResponseException e) {
            return malformed(e);
        }
    }
}
