package org.jamesmsa.smtp.submission.sasl;

import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.util.Optional;

import javax.inject.Inject;
import javax.net.ssl.SSLPeerUnverifiedException;

import org.apache.james.core.Username;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.jamesmsa.smtp.submission.sasl.SaslResponses.MalformedResponseException;

/**
 * EXTERNAL (RFC 4422 appendix A) with the TLS client certificate: the user is the one the certificate names
 * ({@link ClientCertificates}), if that user exists here. An authorization identity other than that user is refused.
 * Available only when certificate authorities are configured (james-msa.properties) and the client presented a
 * certificate; off by default.
 */
public class ExternalMechanism implements SaslMechanism {
    private final UsersRepository users;
    private final ClientCertificates certificates;

    @Inject
    public ExternalMechanism(UsersRepository users, ClientCertificates certificates) {
        this.users = users;
        this.certificates = certificates;
    }

    @Override
    public String name() {
        return "EXTERNAL";
    }

    @Override
    public boolean isAvailable(SMTPSession session) {
        return certificates.configured() && peerCertificates(session).isPresent();
    }

    @Override
    public SaslStep start(SMTPSession session, Optional<String> initialResponse, PasswordCheck passwords) {
        return SaslStep.firstResponse(initialResponse, "", response -> authenticate(session, response));
    }

    private SaslStep authenticate(SMTPSession session, String response) {
        String authorizationId;
        try {
            authorizationId = SaslResponses.decodeExternal(response);
        } catch (MalformedResponseException e) {
            return SaslStep.failed(AuthReplies.malformed(e.getMessage()), e.getMessage());
        }
        Optional<Certificate[]> chain = peerCertificates(session);
        if (chain.isEmpty()) {
            return SaslStep.failed(AuthReplies.INVALID_CREDENTIALS, "no client certificate");
        }
        Username user;
        try {
            Optional<Username> named = SaslResponses.username(certificates.identify(chain.get()));
            if (named.isEmpty()) {
                return SaslStep.failed(AuthReplies.INVALID_CREDENTIALS, "the certificate names no valid user name");
            }
            user = named.get();
        } catch (GeneralSecurityException e) {
            return SaslStep.failed(AuthReplies.INVALID_CREDENTIALS, "client certificate refused: " + e.getMessage());
        }
        if (!authorizationId.isEmpty() && !user.equals(Username.of(authorizationId))) {
            return SaslStep.failed(AuthReplies.INVALID_CREDENTIALS, "the certificate of " + user.asString()
                + " presented for " + authorizationId);
        }
        try {
            if (!users.contains(user)) {
                return SaslStep.failed(AuthReplies.INVALID_CREDENTIALS, "the certificate names " + user.asString()
                    + ", who is not a user here");
            }
        } catch (UsersRepositoryException e) {
            return SaslStep.failed(AuthReplies.TEMPORARY_FAILURE, "user store failed: " + e.getMessage());
        }
        return SaslStep.authenticated(user);
    }

    private static Optional<Certificate[]> peerCertificates(SMTPSession session) {
        return session.getSSLSession().flatMap(tls -> {
            try {
                return Optional.of(tls.getPeerCertificates());
            } catch (SSLPeerUnverifiedException noCertificate) {
                return Optional.empty();
            }
        });
    }
}
