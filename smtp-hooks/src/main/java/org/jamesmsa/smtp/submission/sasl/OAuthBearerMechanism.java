package org.jamesmsa.smtp.submission.sasl;

import javax.inject.Inject;

import org.apache.james.protocols.api.OidcSASLConfiguration;
import org.apache.james.user.api.UsersRepository;
import org.jamesmsa.smtp.submission.sasl.SaslResponses.BearerResponse;
import org.jamesmsa.smtp.submission.sasl.SaslResponses.MalformedResponseException;

/** OAUTHBEARER (RFC 7628). */
public class OAuthBearerMechanism extends BearerTokenMechanism {

    @Inject
    public OAuthBearerMechanism(UsersRepository users, BearerTokens tokens) {
        super(users, tokens);
    }

    @Override
    public String name() {
        return "OAUTHBEARER";
    }

    @Override
    protected BearerResponse decode(String base64) throws MalformedResponseException {
        return SaslResponses.decodeOAuthBearer(base64);
    }

    /** RFC 7628 3.2.2. */
    @Override
    protected String errorDocument(OidcSASLConfiguration oidc) {
        return "{\"status\":\"invalid_token\",\"scope\":\"" + oidc.getScope() + "\",\"openid-configuration\":\""
            + oidc.getOidcConfigurationURL() + "\"}";
    }
}
