package org.jamesmsa.smtp.submission.sasl;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import org.apache.james.core.Username;
import org.apache.james.protocols.api.OidcSASLConfiguration;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.jamesmsa.smtp.submission.sasl.SaslResponses.BearerResponse;
import org.jamesmsa.smtp.submission.sasl.SaslResponses.MalformedResponseException;

/**
 * The OAuth 2.0 mechanisms: the client presents a bearer token from the listener's OpenID Connect provider
 * ({@code <auth><oidc>} in smtpserver.xml, as for James's own AUTH), and is authenticated as the user the token
 * names, if that user exists here. A token may not be used for another identity than its own. A refused token gets
 * the error challenge of RFC 7628 3.2.2, then {@code 535 5.7.8} once the client answers it.
 */
public abstract class BearerTokenMechanism implements SaslMechanism {
    private final UsersRepository users;
    private final BearerTokens tokens;

    protected BearerTokenMechanism(UsersRepository users, BearerTokens tokens) {
        this.users = users;
        this.tokens = tokens;
    }

    /** The client's response as this mechanism's format writes it. */
    protected abstract BearerResponse decode(String base64) throws MalformedResponseException;

    /** The JSON error document sent, base64-encoded, as the challenge that refuses a token. */
    protected abstract String errorDocument(OidcSASLConfiguration oidc);

    @Override
    public boolean isAvailable(SMTPSession session) {
        return session.getConfiguration().saslConfiguration().isPresent();
    }

    @Override
    public SaslStep start(SMTPSession session, Optional<String> initialResponse, PasswordCheck passwords) {
        OidcSASLConfiguration oidc = session.getConfiguration().saslConfiguration().orElseThrow();
        if (initialResponse.isPresent()) {
            return verify(initialResponse.get(), oidc);
        }
        return SaslStep.challenge("", response -> verify(response, oidc));
    }

    private SaslStep verify(String response, OidcSASLConfiguration oidc) {
        BearerResponse bearer;
        try {
            bearer = decode(response);
        } catch (MalformedResponseException e) {
            return SaslStep.failed(AuthReplies.malformed(e.getMessage()), e.getMessage());
        }
        Optional<Username> user = tokens.verify(bearer.token(), oidc).flatMap(SaslResponses::username);
        if (user.isEmpty()) {
            return refuse(oidc, "the token is not valid for " + oidc.getJwksURL());
        }
        if (!bearer.authorizationId().isEmpty() && !user.get().equals(Username.of(bearer.authorizationId()))) {
            return refuse(oidc, "a token of " + user.get().asString() + " presented for " + bearer.authorizationId());
        }
        try {
            if (!users.contains(user.get())) {
                return refuse(oidc, "the token names " + user.get().asString() + ", who is not a user here");
            }
        } catch (UsersRepositoryException e) {
            return SaslStep.failed(AuthReplies.TEMPORARY_FAILURE, "user store failed: " + e.getMessage());
        }
        return SaslStep.authenticated(user.get());
    }

    private SaslStep refuse(OidcSASLConfiguration oidc, String why) {
        String error = Base64.getEncoder().encodeToString(errorDocument(oidc).getBytes(StandardCharsets.UTF_8));
        return SaslStep.challenge(error, anything -> SaslStep.failed(AuthReplies.INVALID_CREDENTIALS, why));
    }
}
