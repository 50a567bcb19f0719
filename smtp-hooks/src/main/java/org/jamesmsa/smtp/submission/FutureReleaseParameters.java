package org.jamesmsa.smtp.submission;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.esmtp.EhloExtension;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MailParametersHook;
import org.jamesmsa.settings.Settings;
import org.jamesmsa.settings.ValueType;
import org.jamesmsa.smtp.SmtpReplies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FUTURERELEASE (RFC 4865) on the submission listeners: {@code MAIL FROM:<a> HOLDFOR=seconds} or
 * {@code HOLDUNTIL=RFC 3339 time} asks that the message leave no earlier than then. The message is accepted, queued and
 * audited at once, like any other; the {@code FutureRelease} mailet holds it after its audit record, in the durable
 * spool queue, so that a hold outlives restarts. James's own hooks hold it before the audit and fix the maximum at one
 * day; here it is a setting, advertised in EHLO as RFC 4865 3 asks.
 *
 * <pre>{@code
 * <handler class="org.jamesmsa.smtp.submission.FutureReleaseParameters">
 *     <!-- The longest hold a client may ask for, in seconds. Default: 86400 (a day). -->
 *     <maxHold>86400</maxHold>
 * </handler>
 * }</pre>
 */
public class FutureReleaseParameters implements MailParametersHook, EhloExtension {
    /** When the message of this transaction may leave, once a parameter asked for it. */
    public static final ProtocolSession.AttachmentKey<Instant> RELEASE_AT = ProtocolSession.AttachmentKey.of(org.jamesmsa.contracts.SessionFact.RELEASE_AT.attribute().asString(), Instant.class);
    static final String HOLDFOR = "HOLDFOR";
    static final String HOLDUNTIL = "HOLDUNTIL";
    private static final Logger LOGGER = LoggerFactory.getLogger(FutureReleaseParameters.class);

    private final Clock clock;
    private Duration maxHold = Duration.ofDays(1);

    @Inject
    public FutureReleaseParameters() {
        this(Clock.systemUTC());
    }

    public FutureReleaseParameters(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void init(Configuration config) throws ConfigurationException {
        Settings settings = Settings.ofHandler(config, getClass(), List.of("maxHold"));
        maxHold = Duration.ofSeconds(settings.get("maxHold", ValueType.POSITIVE_INT, 86400));
    }

    /** {@code FUTURERELEASE <max-future-release-interval> <max-future-release-date-time>} (RFC 4865 3). */
    @Override
    public List<String> getImplementedEsmtpFeatures(SMTPSession session) {
        Instant latest = clock.instant().truncatedTo(ChronoUnit.SECONDS).plus(maxHold);
        return List.of("FUTURERELEASE " + maxHold.toSeconds() + " " + DateTimeFormatter.ISO_INSTANT.format(latest));
    }

    @Override
    public String[] getMailParamNames() {
        return new String[] {HOLDFOR, HOLDUNTIL};
    }

    @Override
    public HookResult doMailParameter(SMTPSession session, String name, String value) {
        if (session.getUsername() == null) {
            return AuthenticationRequiredHook.AUTHENTICATION_REQUIRED;
        }
        if (session.getAttachment(RELEASE_AT, ProtocolSession.State.Transaction).isPresent()) {
            return SmtpReplies.invalidParameter("HOLDFOR and HOLDUNTIL exclude each other, and each is given once (RFC 4865 3)");
        }
        Instant now = clock.instant();
        Optional<Instant> releaseAt = name.equalsIgnoreCase(HOLDFOR) ? holdFor(value).map(now::plus) : holdUntil(value);
        if (releaseAt.isEmpty()) {
            return SmtpReplies.invalidParameter(name.toUpperCase(java.util.Locale.ROOT) + "=" + value + " is not "
                + (name.equalsIgnoreCase(HOLDFOR) ? "a whole number of seconds" : "an RFC 3339 time such as 2026-12-24T18:00:00Z"));
        }
        if (releaseAt.get().isAfter(now.plus(maxHold).plusSeconds(1))) {
            return SmtpReplies.invalidParameter("a hold is at most " + maxHold.toSeconds() + " seconds (RFC 4865 3)");
        }
        session.setAttachment(RELEASE_AT, releaseAt.get().isBefore(now) ? now : releaseAt.get(), ProtocolSession.State.Transaction);
        LOGGER.info("Session {}: the message of {} is held until {}", session.getSessionID(), session.getUsername().asString(), releaseAt.get());
        return HookResult.DECLINED;
    }

    private static Optional<java.time.Duration> holdFor(String value) {
        return ValueType.COUNT_OR_OFF.parse(value).map(Duration::ofSeconds);
    }

    /** A time in the past is released at once (RFC 4865 3: "the message is to be released immediately"). */
    private static Optional<Instant> holdUntil(String value) {
        try {
            return Optional.of(OffsetDateTime.parse(value).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
