package org.jamesmsa.smtp.submission.sasl;

import javax.inject.Inject;

import org.apache.james.protocols.api.OidcSASLConfiguration;
import org.apache.james.user.api.UsersRepository;
import org.jamesmsa.smtp.submission.sasl.SaslResponses.BearerResponse;
import org.jamesmsa.smtp.submission.sasl.SaslResponses.MalformedResponseException;

/** XOAUTH2, Google's bearer-token format, still the one many mail clients send. */
public class XOAuth2Mechanism extends BearerTokenMechanism {

    @Inject
    public XOAuth2Mechanism(UsersRepository users, BearerTokens tokens) {
        super(users, tokens);
    }

    @Override
    public String name() {
        return "XOAUTH2";
    }

    @Override
    protected BearerResponse decode(String base64) throws MalformedResponseException {
        return SaslResponses.decodeXOAuth2(base64);
    }

    @Override
    protected String errorDocument(OidcSASLConfiguration oidc) {
        return "{\"status\":\"401\",\"schemes\":\"bearer\",\"scope\":\"" + oidc.getScope() + "\"}";
    }
}
