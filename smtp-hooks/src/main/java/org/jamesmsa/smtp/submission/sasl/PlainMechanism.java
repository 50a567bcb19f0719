package org.jamesmsa.smtp.submission.sasl;

import org.jamesmsa.smtp.submission.sasl.SaslResponses.Credentials;
import org.jamesmsa.smtp.submission.sasl.SaslResponses.MalformedResponseException;

/**
 * PLAIN (RFC 4616): authorization identity, login and password in one response. A request to act as another
 * identity than the login is refused: no user may submit as another.
 */
public class PlainMechanism extends PasswordMechanism {
    public PlainMechanism() {
        super("PLAIN", "");
    }

    @Override
    protected SaslStep onFirstResponse(String response, PasswordCheck passwords) {
        Credentials credentials;
        try {
            credentials = SaslResponses.decodePlain(response);
        } catch (MalformedResponseException e) {
            return malformed(e);
        }
        if (credentials.asksForAnotherIdentity()) {
            return SaslStep.failed(AuthReplies.INVALID_CREDENTIALS, "authorization identity " + credentials.authorizationId()
                + " differs from the login " + credentials.login());
        }
        return verify(credentials.login(), credentials.secret(), passwords);
    }
}
