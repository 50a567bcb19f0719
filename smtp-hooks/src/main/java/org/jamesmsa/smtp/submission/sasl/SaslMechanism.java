package org.jamesmsa.smtp.submission.sasl;

import java.util.Optional;

import org.apache.james.protocols.smtp.SMTPSession;

/**
 * One SASL mechanism of the AUTH command (RFC 4954). The AUTH handler advertises in EHLO every mechanism that its
 * listener enables ({@code <mechanisms>}) and that {@link #isAvailable} in the session, and runs the exchange through
 * {@link SaslStep}s. To add one, implement this interface and add it to the set bound in the bundle's Guice module
 * ({@code Multibinder.newSetBinder(binder(), SaslMechanism.class)}); its name then becomes a valid
 * {@code <mechanisms>} entry.
 */
public interface SaslMechanism {

    /** The registered name (upper case), as in EHLO and AUTH: {@code PLAIN}, {@code EXTERNAL}. */
    String name();

    /**
     * Whether this session can use it: configured for the listener, and possible now (a client certificate for
     * EXTERNAL, an OIDC provider for OAUTHBEARER). TLS itself is the AUTH handler's business.
     */
    boolean isAvailable(SMTPSession session);

    /**
     * The first step after {@code AUTH <name> [initial-response]}.
     *
     * @param initialResponse the base64 text after the name, empty when the client sent none
     * @param passwords       checks a login and password against the listener's AuthHooks
     */
    SaslStep start(SMTPSession session, Optional<String> initialResponse, PasswordCheck passwords);

    /** The listener's password verification, for the mechanisms that carry a password. */
    interface PasswordCheck {
        SaslStep verify(org.apache.james.core.Username login, String password);
    }
}
