package org.jamesmsa.smtp.submission.sasl;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;

import org.apache.james.core.Username;
import org.apache.james.protocols.api.OidcSASLConfiguration;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.jamesmsa.smtp.submission.sasl.SaslResponses.Credentials;
import org.jamesmsa.smtp.submission.sasl.SaslResponses.MalformedResponseException;

/**
 * The OAuth 2.0 mechanisms, OAUTHBEARER (RFC 7628) and XOAUTH2 (Google's format, still the one many mail clients
 * send): the client presents a bearer token from the listener's OpenID Connect provider ({@code <auth><oidc>} in
 * smtpserver.xml, as for James's own AUTH), and is authenticated as the user the token names, if that user exists
 * here. A token may not be used for another identity than its own. A refused token gets an error challenge (RFC
 * 7628 3.2.2), then {@code 535 5.7.8} once the client answers it.
 */
public final class BearerTokenMechanism implements SaslMechanism {

    /** How a mechanism writes the client's response and the server's refusal. */
    public enum Format {
        /** RFC 7628 3.2.2: the error status, the scope, and where the provider's configuration is. */
        OAUTHBEARER(SaslResponses::decodeOAuthBearer, oidc -> "{\"status\":\"invalid_token\",\"scope\":\"" + oidc.getScope()
            + "\",\"openid-configuration\":\"" + oidc.getOidcConfigurationURL() + "\"}"),
        XOAUTH2(SaslResponses::decodeXOAuth2, oidc -> "{\"status\":\"401\",\"schemes\":\"bearer\",\"scope\":\"" + oidc.getScope() + "\"}");

        private final Decoder decoder;
        private final Function<OidcSASLConfiguration, String> errorDocument;

        Format(Decoder decoder, Function<OidcSASLConfiguration, String> errorDocument) {
            this.decoder = decoder;
            this.errorDocument = errorDocument;
        }
    }

    private interface Decoder {
        Credentials decode(String base64) throws MalformedResponseException;
    }

    private final Format format;
    private final UsersRepository users;
    private final BearerTokens tokens;

    public BearerTokenMechanism(Format format, UsersRepository users, BearerTokens tokens) {
        this.format = format;
        this.users = users;
        this.tokens = tokens;
    }

    @Override
    public String name() {
        return format.name();
    }

    @Override
    public boolean isAvailable(SMTPSession session) {
        return session.getConfiguration().saslConfiguration().isPresent();
    }

    @Override
    public SaslStep start(SMTPSession session, Optional<String> initialResponse, PasswordCheck passwords) {
        OidcSASLConfiguration oidc = session.getConfiguration().saslConfiguration().orElseThrow();
        return SaslStep.firstResponse(initialResponse, "", response -> verify(response, oidc));
    }

    private SaslStep verify(String response, OidcSASLConfiguration oidc) {
        Credentials bearer;
        try {
            bearer = format.decoder.decode(response);
        } catch (MalformedResponseException e) {
            return SaslStep.failed(AuthReplies.malformed(e.getMessage()), e.getMessage());
        }
        Optional<Username> user = tokens.verify(bearer.secret(), oidc).flatMap(SaslResponses::username);
        if (user.isEmpty()) {
            return refuse(oidc, "the token is not valid for " + oidc.getJwksURL());
        }
        String claimed = bearer.claimedIdentity();
        if (!claimed.isEmpty() && !Optional.of(user.get()).equals(SaslResponses.username(claimed))) {
            return refuse(oidc, "a token of " + user.get().asString() + " presented for " + claimed);
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
        String error = Base64.getEncoder().encodeToString(format.errorDocument.apply(oidc).getBytes(StandardCharsets.UTF_8));
        return SaslStep.challenge(error, anything -> SaslStep.failed(AuthReplies.INVALID_CREDENTIALS, why));
    }
}
