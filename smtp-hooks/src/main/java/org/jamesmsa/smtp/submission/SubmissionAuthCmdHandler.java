package org.jamesmsa.smtp.submission;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.Username;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.api.handler.ExtensibleHandler;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.api.handler.WiringException;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.dsn.DSNStatus;
import org.apache.james.protocols.smtp.hook.AuthHook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.jamesmsa.smtp.HandlerSettings;
import org.jamesmsa.smtp.SmtpReplies;
import org.jamesmsa.smtp.submission.SaslResponses.Credentials;
import org.jamesmsa.smtp.submission.SaslResponses.MalformedResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AUTH command of submission listeners (RFC 4954, RFC 6409 section 4.3, RFC 8314), for the PLAIN and LOGIN
 * mechanisms.
 *
 * <pre>{@code
 * <handler class="org.jamesmsa.smtp.submission.SubmissionAuthCmdHandler">
 *     <!-- Refuse AUTH with "538 5.7.11" until TLS is active (STARTTLS or implicit TLS). Default: true. -->
 *     <requireTLS>true</requireTLS>
 * </handler>
 * }</pre>
 *
 * <p>Why not James's own {@code AuthCmdHandler} alone: in 3.8.1 it accepts credentials in clear even with
 * {@code requireSSL}, answers without enhanced status codes, cannot tell a wrong password from a broken user
 * store, and keeps its line handler after an undecodable response, so the session stays stuck. Handlers of the
 * chain run before the core ones, so this one answers every PLAIN and LOGIN exchange; it asks the same
 * {@link AuthHook}s for the verdict. OAUTHBEARER and XOAUTH2 are left to James when OIDC is configured. James's
 * handler still advertises AUTH in EHLO (only after TLS when {@code <requireSSL>} is set).</p>
 */
public class SubmissionAuthCmdHandler implements CommandHandler<SMTPSession>, ExtensibleHandler {
    private static final Logger LOGGER = LoggerFactory.getLogger(SubmissionAuthCmdHandler.class);

    static final Response ENCRYPTION_REQUIRED = SmtpReplies.response(SMTPRetCode.AUTH_ENCRYPTION_REQUIRED,
        SmtpReplies.ENCRYPTION_REQUIRED, "Must issue a STARTTLS command first: credentials are never accepted in clear")
        .immutable();
    static final Response ALREADY_AUTHENTICATED = SmtpReplies.response(SMTPRetCode.BAD_SEQUENCE,
        DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.DELIVERY_INVALID_CMD), "Already authenticated").immutable();
    static final Response USAGE = SmtpReplies.response(SMTPRetCode.SYNTAX_ERROR_ARGUMENTS,
        DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.DELIVERY_INVALID_ARG), "Usage: AUTH mechanism [initial-response]")
        .immutable();
    static final Response UNKNOWN_MECHANISM = SmtpReplies.response(SMTPRetCode.PARAMETER_NOT_IMPLEMENTED,
        DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.DELIVERY_INVALID_ARG), "Unrecognized authentication mechanism")
        .immutable();
    static final Response CANCELLED = SmtpReplies.response(SMTPRetCode.SYNTAX_ERROR_ARGUMENTS,
        DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.SECURITY_OTHER), "Authentication cancelled").immutable();
    static final Response SUCCEEDED = SmtpReplies.response(SMTPRetCode.AUTH_OK,
        DSNStatus.getStatus(DSNStatus.SUCCESS, DSNStatus.SECURITY_OTHER), "Authentication successful").immutable();
    static final Response INVALID_CREDENTIALS = SmtpReplies.response(SMTPRetCode.AUTH_FAILED,
        SmtpReplies.AUTH_CREDENTIALS_INVALID, "Authentication credentials invalid").immutable();
    static final Response TEMPORARY_FAILURE = SmtpReplies.response(SMTPRetCode.AUTH_TEMPORARY_ERROR,
        SmtpReplies.AUTH_TEMPORARY_FAILURE, "Temporary authentication failure, try again later").immutable();
    private static final Response PLAIN_CHALLENGE = new SMTPResponse(SMTPRetCode.AUTH_READY, "").immutable();
    private static final Response LOGIN_USERNAME_CHALLENGE = new SMTPResponse(SMTPRetCode.AUTH_READY,
        "VXNlcm5hbWU6").immutable();
    private static final Response LOGIN_PASSWORD_CHALLENGE = new SMTPResponse(SMTPRetCode.AUTH_READY,
        "UGFzc3dvcmQ6").immutable();

    private static final Set<String> LEFT_TO_JAMES_WHEN_OIDC = Set.of("OAUTHBEARER", "XOAUTH2");

    private List<AuthHook> authHooks = List.of();
    private boolean requireTls = true;

    @Override
    public void init(Configuration config) throws ConfigurationException {
        requireTls = HandlerSettings.booleanSetting(config, "requireTLS", true);
    }

    @Override
    public Collection<String> getImplCommands() {
        return List.of("AUTH");
    }

    @Override
    public List<Class<?>> getMarkerInterfaces() {
        return List.of(AuthHook.class);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void wireExtensions(Class<?> interfaceName, List<?> extensions) throws WiringException {
        if (AuthHook.class.equals(interfaceName)) {
            if (extensions == null || extensions.isEmpty()) {
                throw new WiringException(getClass().getName() + " needs at least one AuthHook in the handler chain");
            }
            authHooks = List.copyOf((List<AuthHook>) extensions);
        }
    }

    @Override
    public Response onCommand(SMTPSession session, Request request) {
        if (requireTls && !session.isTLSStarted()) {
            LOGGER.info("AUTH refused before TLS from {}", clientIp(session));
            return ENCRYPTION_REQUIRED;
        }
        if (session.getUsername() != null) {
            return ALREADY_AUTHENTICATED;
        }
        String argument = request.getArgument();
        if (argument == null || argument.isBlank()) {
            return USAGE;
        }
        String[] words = argument.strip().split("\\s+", 2);
        String mechanism = words[0].toUpperCase(Locale.US);
        String initialResponse = words.length > 1 ? words[1] : null;

        if (mechanism.equals("PLAIN") && session.getConfiguration().isPlainAuthEnabled()) {
            if (initialResponse != null) {
                return authenticatePlain(session, initialResponse);
            }
            expectClientResponse(session, response -> authenticatePlain(session, response));
            return PLAIN_CHALLENGE;
        }
        if (mechanism.equals("LOGIN") && session.getConfiguration().isPlainAuthEnabled()) {
            if (initialResponse != null) {
                return receiveLoginName(session, initialResponse);
            }
            expectClientResponse(session, response -> receiveLoginName(session, response));
            return LOGIN_USERNAME_CHALLENGE;
        }
        if (LEFT_TO_JAMES_WHEN_OIDC.contains(mechanism) && session.supportsOAuth()) {
            return null;
        }
        return UNKNOWN_MECHANISM;
    }

    /**
     * The next line is a SASL response, not a command. The handler is popped before anything else so that every
     * outcome, the cancel line "*" included (RFC 4954: reply 501), leaves the session back in command mode.
     */
    private void expectClientResponse(SMTPSession session, Function<String, Response> onResponse) {
        LineHandler<SMTPSession> lineHandler = (lineSession, line) -> {
            lineSession.popLineHandler();
            String response = new String(line, StandardCharsets.US_ASCII).strip();
            if (response.equals("*")) {
                return CANCELLED;
            }
            return onResponse.apply(response);
        };
        session.pushLineHandler(lineHandler);
    }

    private Response receiveLoginName(SMTPSession session, String response) {
        String login;
        try {
            login = SaslResponses.decodeLoginField(response);
        } catch (MalformedResponseException e) {
            return malformed(session, e);
        }
        expectClientResponse(session, passwordResponse -> receiveLoginPassword(session, login, passwordResponse));
        return LOGIN_PASSWORD_CHALLENGE;
    }

    private Response receiveLoginPassword(SMTPSession session, String login, String response) {
        try {
            return authenticate(session, new Credentials("", login, SaslResponses.decodeLoginField(response)));
        } catch (MalformedResponseException e) {
            return malformed(session, e);
        }
    }

    private Response authenticatePlain(SMTPSession session, String response) {
        try {
            return authenticate(session, SaslResponses.decodePlain(response));
        } catch (MalformedResponseException e) {
            return malformed(session, e);
        }
    }

    private Response malformed(SMTPSession session, MalformedResponseException e) {
        LOGGER.info("AUTH response from {} rejected: {}", clientIp(session), e.getMessage());
        return SmtpReplies.response(SMTPRetCode.SYNTAX_ERROR_ARGUMENTS,
            DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.DELIVERY_SYNTAX), "Cannot decode AUTH response: " + e.getMessage());
    }

    private Response authenticate(SMTPSession session, Credentials credentials) {
        if (credentials.asksForAnotherIdentity()) {
            LOGGER.info("AUTH from {} as {} refused: authorization identity {} differs from the login",
                clientIp(session), credentials.login(), credentials.authorizationId());
            return INVALID_CREDENTIALS;
        }
        Username username;
        try {
            username = Username.of(credentials.login());
        } catch (IllegalArgumentException e) {
            LOGGER.info("AUTH from {} refused: {} is not a valid user name", clientIp(session), credentials.login());
            return INVALID_CREDENTIALS;
        }
        for (AuthHook hook : authHooks) {
            HookResult result;
            try {
                result = hook.doAuth(session, username, credentials.password());
            } catch (RuntimeException e) {
                LOGGER.error("AUTH hook {} failed for {} from {}", hook.getClass().getName(), username.asString(), clientIp(session), e);
                return TEMPORARY_FAILURE;
            }
            switch (result.getResult().getAction()) {
                case OK:
                    return succeeded(session, username);
                case DENY:
                    LOGGER.info("AUTH failed for {} from {}", username.asString(), clientIp(session));
                    return replyOf(result, INVALID_CREDENTIALS);
                case DENYSOFT:
                    LOGGER.warn("AUTH temporarily failed for {} from {}", username.asString(), clientIp(session));
                    return replyOf(result, TEMPORARY_FAILURE);
                default:
                    break;
            }
        }
        LOGGER.info("AUTH failed for {} from {}: no hook accepted the credentials", username.asString(), clientIp(session));
        return INVALID_CREDENTIALS;
    }

    private Response succeeded(SMTPSession session, Username username) {
        if (session.getUsername() == null) {
            session.setUsername(username);
        }
        session.setRelayingAllowed(true);
        LOGGER.info("AUTH succeeded for {} from {}", session.getUsername().asString(), clientIp(session));
        return SUCCEEDED;
    }

    /** A hook's own wording is kept when it gives both a code and a text; otherwise the standard reply. */
    private static Response replyOf(HookResult result, Response standard) {
        if (result.getSmtpRetCode() != null && result.getSmtpDescription() != null) {
            return new SMTPResponse(result.getSmtpRetCode(), result.getSmtpDescription());
        }
        return standard;
    }

    private static String clientIp(SMTPSession session) {
        return session.getRemoteAddress().getAddress().getHostAddress();
    }
}
