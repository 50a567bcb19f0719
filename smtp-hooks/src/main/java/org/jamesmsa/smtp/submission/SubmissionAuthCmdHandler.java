package org.jamesmsa.smtp.submission;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import javax.inject.Inject;

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
import org.apache.james.protocols.smtp.core.esmtp.EhloExtension;
import org.apache.james.protocols.smtp.hook.AuthHook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.jamesmsa.contracts.MsaMetrics;
import org.jamesmsa.settings.Settings;
import org.jamesmsa.settings.ValueType;
import org.jamesmsa.smtp.AcceptsAuthMailParameter;
import org.jamesmsa.smtp.ReplyChannel;
import org.jamesmsa.smtp.SessionTimers;
import org.jamesmsa.smtp.limits.LoginThrottle;
import org.jamesmsa.smtp.limits.RateLimiter;
import org.jamesmsa.contracts.Suspensions;
import org.jamesmsa.smtp.submission.sasl.AuthReplies;
import org.jamesmsa.smtp.submission.sasl.SaslMechanism;
import org.jamesmsa.smtp.submission.sasl.SaslStep;
import org.jamesmsa.smtp.TransportErrorGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AUTH command of submission listeners (RFC 4954, RFC 6409 section 4.3, RFC 8314): advertises in EHLO and runs
 * every SASL mechanism the listener enables, from the registry of {@link SaslMechanism}s bound in the bundle's Guice
 * module (PLAIN, LOGIN, OAUTHBEARER, XOAUTH2, EXTERNAL, and any added there).
 *
 * <pre>{@code
 * <handler class="org.jamesmsa.smtp.submission.SubmissionAuthCmdHandler">
 *     <!-- Refuse AUTH with "538 5.7.11" until TLS is active (STARTTLS or implicit TLS). Default: true. -->
 *     <requireTLS>true</requireTLS>
 *     <!-- Mechanisms offered, in this order, when available in the session (OAUTHBEARER and XOAUTH2 need
 *          <auth><oidc>; EXTERNAL needs a client certificate and sasl.external.ca). Default: PLAIN LOGIN OAUTHBEARER XOAUTH2. -->
 *     <mechanisms>PLAIN LOGIN OAUTHBEARER XOAUTH2</mechanisms>
 *     <!-- Failed logins (LoginThrottle): the session is closed after this many (421 4.7.0). Default: 3. -->
 *     <maxFailuresPerSession>3</maxFailuresPerSession>
 *     <!-- A client address (IPv6: /64) with this many failures in failureWindow gets 454 4.7.0 without any
 *          credential being checked, until they age out. Defaults: 10 in 900 seconds. -->
 *     <maxFailuresPerAddress>10</maxFailuresPerAddress>
 *     <failureWindow>900</failureWindow>
 *     <!-- A failure is answered after this many milliseconds, doubled with each failure of the address (at most
 *          8 times); 0 answers at once. Default: 500. -->
 *     <failureDelay>500</failureDelay>
 * </handler>
 * }</pre>
 *
 * <p>It replaces James's {@code AuthCmdHandler} (left out by {@code MsaCmdHandlerLoader}), which in 3.8.1 accepts
 * credentials in clear even with {@code requireSSL}, answers without enhanced status codes, cannot tell a wrong
 * password from a broken user store, stays stuck after an undecodable response, and advertises only what it runs
 * itself. Passwords are checked by the chain's {@link AuthHook}s; this handler alone marks the session
 * authenticated, once a mechanism says who the user is.</p>
 */
public class SubmissionAuthCmdHandler implements CommandHandler<SMTPSession>, EhloExtension, ExtensibleHandler, AcceptsAuthMailParameter {
    private static final Logger LOGGER = LoggerFactory.getLogger(SubmissionAuthCmdHandler.class);
    private static final String DEFAULT_MECHANISMS = "PLAIN LOGIN OAUTHBEARER XOAUTH2";

    private final Map<String, SaslMechanism> registry;
    private final RateLimiter counters;
    private final SessionTimers timers;
    private final MsaMetrics metrics;
    private final Suspensions suspensions;
    private List<SaslMechanism> enabled = List.of();
    private LoginThrottle throttle;
    private List<AuthHook> authHooks = List.of();
    private boolean requireTls = true;

    @Inject
    public SubmissionAuthCmdHandler(Set<SaslMechanism> mechanisms, RateLimiter counters, SessionTimers timers, MsaMetrics metrics,
                                    Suspensions suspensions) {
        this.registry = new TreeMap<>();
        mechanisms.forEach(mechanism -> registry.put(mechanism.name().toUpperCase(Locale.US), mechanism));
        this.counters = counters;
        this.timers = timers;
        this.metrics = metrics;
        this.suspensions = suspensions;
    }

    @Override
    public void init(Configuration config) throws ConfigurationException {
        Settings settings = Settings.ofHandler(config, getClass(), List.of("requireTLS", "mechanisms", "maxFailuresPerSession",
            "maxFailuresPerAddress", "failureWindow", "failureDelay"));
        requireTls = settings.get("requireTLS", ValueType.BOOLEAN, true);
        throttle = new LoginThrottle(counters, settings.get("maxFailuresPerSession", ValueType.POSITIVE_INT, 3),
            settings.get("maxFailuresPerAddress", ValueType.POSITIVE_INT, 10),
            Duration.ofSeconds(settings.get("failureWindow", ValueType.POSITIVE_INT, 900)),
            Duration.ofMillis(settings.get("failureDelay", ValueType.COUNT_OR_OFF, 500)));
        String names = settings.get("mechanisms", ValueType.TEXT, DEFAULT_MECHANISMS);
        enabled = Arrays.stream(names.split("[\\s,]+")).filter(name -> !name.isEmpty())
            .map(name -> Optional.ofNullable(registry.get(name.toUpperCase(Locale.US))).orElseThrow(() -> settings.invalid(
                "mechanisms", names, "'" + name + "' is not a known SASL mechanism; known: " + String.join(", ", registry.keySet()))))
            .distinct()
            .collect(Collectors.toUnmodifiableList());
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

    /** {@code AUTH PLAIN LOGIN}, with the mechanisms available now; nothing before TLS when TLS is required. */
    @Override
    public List<String> getImplementedEsmtpFeatures(SMTPSession session) {
        if (!session.isAuthAnnounced() || (requireTls && !session.isTLSStarted())) {
            return List.of();
        }
        List<String> names = available(session).stream().map(SaslMechanism::name).collect(Collectors.toList());
        return names.isEmpty() ? List.of() : List.of("AUTH " + String.join(" ", names));
    }

    private List<SaslMechanism> available(SMTPSession session) {
        return enabled.stream().filter(mechanism -> mechanism.isAvailable(session)).collect(Collectors.toList());
    }

    @Override
    public Response onCommand(SMTPSession session, Request request) {
        if (requireTls && !session.isTLSStarted()) {
            LOGGER.info("AUTH refused before TLS from {}", clientIp(session));
            return AuthReplies.ENCRYPTION_REQUIRED;
        }
        if (session.getUsername() != null) {
            return AuthReplies.ALREADY_AUTHENTICATED;
        }
        String argument = request.getArgument();
        if (argument == null || argument.isBlank()) {
            return AuthReplies.USAGE;
        }
        String[] words = argument.strip().split("\\s+", 2);
        String name = words[0].toUpperCase(Locale.US);
        Optional<SaslMechanism> mechanism = available(session).stream().filter(m -> m.name().equals(name)).findFirst();
        if (mechanism.isEmpty()) {
            return AuthReplies.UNKNOWN_MECHANISM;
        }
        if (throttle.coolingDown(session)) {
            metrics.authRefused("cooldown");
            return throttle.coolingDownReply();
        }
        Optional<String> initialResponse = words.length > 1 ? Optional.of(words[1]) : Optional.empty();
        return run(session, name, mechanism.get().start(session, initialResponse, (login, password) -> checkPassword(session, login, password)));
    }

    /**
     * A challenge waits for the client's next line, which is a SASL response, not a command. The line handler is
     * popped before anything else, so that every outcome, the cancel line "*" included (RFC 4954: reply 501), leaves
     * the session in command mode.
     */
    private Response run(SMTPSession session, String mechanism, SaslStep step) {
        if (step instanceof SaslStep.Challenge) {
            SaslStep.Challenge challenge = (SaslStep.Challenge) step;
            LineHandler<SMTPSession> responseHandler = (lineSession, line) -> {
                lineSession.popLineHandler();
                TransportErrorGuard.exchangeEnded(lineSession);
                String response = new String(line, StandardCharsets.US_ASCII).strip();
                if (response.equals("*")) {
                    LOGGER.info("AUTH {} cancelled by {}", mechanism, clientIp(lineSession));
                    return AuthReplies.CANCELLED;
                }
                return run(lineSession, mechanism, challenge.respond(response));
            };
            session.pushLineHandler(responseHandler);
            TransportErrorGuard.exchangeStarted(session);
            return new SMTPResponse(SMTPRetCode.AUTH_READY, challenge.challenge());
        }
        if (step instanceof SaslStep.Authenticated) {
            Username user = ((SaslStep.Authenticated) step).user();
            Optional<Suspensions.Suspension> suspension = suspensions.of(user);
            if (suspension.isPresent()) {
                // Not a failure of the login throttle: the password was right, and guessing it gains nothing.
                metrics.authRefused("suspended");
                LOGGER.warn("AUTH {} refused for {} from {}: {}", mechanism, user.asString(), clientIp(session), suspension.get());
                return AuthReplies.SUSPENDED;
            }
            session.setUsername(user);
            session.setRelayingAllowed(true);
            metrics.authSucceeded(mechanism);
            LOGGER.info("AUTH {} succeeded for {} from {}", mechanism, user.asString(), clientIp(session));
            return AuthReplies.SUCCEEDED;
        }
        SaslStep.Failed failed = (SaslStep.Failed) step;
        LOGGER.info("AUTH {} failed from {}: {}", mechanism, clientIp(session), failed.why());
        if (failed.reply().getRetCode().equals(AuthReplies.TEMPORARY_FAILURE.getRetCode())) {
            return failed.reply();
        }
        metrics.authFailed(mechanism);
        LoginThrottle.Failure failure = throttle.failed(session, failed.reply());
        if (failure.reply().isEndSession()) {
            metrics.authRefused("session_closed");
        }
        return answerLater(session, failure);
    }

    /**
     * A failure is answered after its delay, from the timer thread: the session reads nothing meanwhile, and no
     * James thread sleeps. A session that cannot defer (none outside a live server) is answered at once.
     */
    private Response answerLater(SMTPSession session, LoginThrottle.Failure failure) {
        Optional<ReplyChannel> channel = ReplyChannel.of(session);
        if (failure.delay().isZero() || channel.isEmpty()) {
            return failure.reply();
        }
        channel.get().pauseReading();
        timers.after(failure.delay(), () -> channel.get().reply(failure.reply()));
        return ReplyChannel.placeholderFor(failure.reply());
    }

    /** The first AuthHook with an opinion decides: OK authenticates, DENY is 535, DENYSOFT (a failing store) 454. */
    private SaslStep checkPassword(SMTPSession session, Username login, String password) {
        for (AuthHook hook : authHooks) {
            HookResult result;
            try {
                result = hook.doAuth(session, login, password);
            } catch (RuntimeException e) {
                LOGGER.error("AUTH hook {} failed for {} from {}", hook.getClass().getName(), login.asString(), clientIp(session), e);
                return SaslStep.failed(AuthReplies.TEMPORARY_FAILURE, "hook " + hook.getClass().getSimpleName() + " failed: " + e);
            }
            switch (result.getResult().getAction()) {
                case OK:
                    return SaslStep.authenticated(login);
                case DENY:
                    throttle.wrongPassword(session, login);
                    return SaslStep.failed(replyOf(result, AuthReplies.INVALID_CREDENTIALS), "wrong password for " + login.asString());
                case DENYSOFT:
                    return SaslStep.failed(replyOf(result, AuthReplies.TEMPORARY_FAILURE), "user store could not check " + login.asString());
                default:
                    break;
            }
        }
        return SaslStep.failed(AuthReplies.INVALID_CREDENTIALS, "no hook accepted the credentials of " + login.asString());
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
