package org.jamesmsa.smtp.submission.sasl;

import java.util.Optional;

import org.apache.james.jwt.OidcJwtTokenVerifier;
import org.apache.james.jwt.introspection.IntrospectionEndpoint;
import org.apache.james.protocols.api.OidcSASLConfiguration;

import reactor.core.publisher.Mono;

/**
 * Verifies an OAuth 2.0 bearer token with James's own verification, as the listener's {@code <auth><oidc>} says: the
 * signature against the provider's JWKS ({@code jwksURL}), then, when configured, the introspection or userinfo
 * endpoint; the identity is the token's {@code claim}.
 */
public class BearerTokens {

    /** The user the token names, or empty when the token is invalid, expired, or not signed by the provider. */
    public Optional<String> verify(String token, OidcSASLConfiguration oidc) {
        if (oidc.isCheckTokenByIntrospectionEndpoint()) {
            return Mono.from(OidcJwtTokenVerifier.verifyWithIntrospection(token, oidc.getJwksURL(), oidc.getClaim(),
                new IntrospectionEndpoint(oidc.getIntrospectionEndpoint().orElseThrow(), oidc.getIntrospectionEndpointAuthorization())))
                .blockOptional();
        }
        if (oidc.isCheckTokenByUserinfoEndpoint()) {
            return Mono.from(OidcJwtTokenVerifier.verifyWithUserinfo(token, oidc.getJwksURL(), oidc.getClaim(),
                oidc.getUserInfoEndpoint().orElseThrow())).blockOptional();
        }
        return OidcJwtTokenVerifier.verifySignatureAndExtractClaim(token, oidc.getJwksURL(), oidc.getClaim());
    }
}
