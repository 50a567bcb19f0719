package org.jamesmsa.smtp.limits;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.DisconnectHandler;
import org.apache.james.protocols.api.handler.ProtocolHandler;
import org.apache.james.protocols.api.handler.ProtocolHandlerResultHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Mail;
import org.jamesmsa.contracts.MsaMetrics;
import org.jamesmsa.settings.Settings;
import org.jamesmsa.settings.ValueType;
import org.jamesmsa.smtp.ReplyChannel;
import org.jamesmsa.smtp.SessionTimers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deadlines that trickling cannot stretch: the next command must be complete within {@code commandTimeout} of the
 * server's last reply, and a message within {@code dataTimeout} of the {@code 354}; otherwise {@code 421 4.4.2} and
 * the connection is closed. James's own idle timer restarts at every byte a client sends (one byte a second keeps a
 * connection forever) and in 3.8.1 fires only at twice its setting; these deadlines count from replies, not bytes,
 * so the configured time is the one that applies, silent or trickling. RFC 5321 4.5.3.2 asks a server for at least
 * 5 minutes per command and 10 for the data.
 *
 * <pre>{@code
 * <handler class="org.jamesmsa.smtp.limits.SessionDeadlines">
 *     <!-- Seconds. Defaults: 300 for a command, 600 for the data of a message. -->
 *     <commandTimeout>300</commandTimeout>
 *     <dataTimeout>600</dataTimeout>
 * </handler>
 * }</pre>
 */
public class SessionDeadlines implements DisconnectHandler<SMTPSession>, ProtocolHandlerResultHandler<Response, ProtocolSession>,
        JamesMessageHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(SessionDeadlines.class);
    private static final Duration CHECK_EVERY = Duration.ofMillis(500);

    private static final class Deadline {
        final SMTPSession session;
        volatile long nanos;
        volatile String phase;

        Deadline(SMTPSession session) {
            this.session = session;
        }
    }

    private final SessionTimers timers;
    private final MsaMetrics metrics;
    private final LongSupplier nanoTime;
    private final Map<String, Deadline> sessions = new ConcurrentHashMap<>();
    private Duration commandTimeout;
    private Duration dataTimeout;

    @Inject
    public SessionDeadlines(SessionTimers timers, MsaMetrics metrics) {
        this(timers, metrics, System::nanoTime);
    }

    /** With the time source of a test. */
    SessionDeadlines(SessionTimers timers, MsaMetrics metrics, LongSupplier nanoTime) {
        this.timers = timers;
        this.metrics = metrics;
        this.nanoTime = nanoTime;
    }

    @Override
    public void init(Configuration config) throws ConfigurationException {
        Settings settings = Settings.ofHandler(config, getClass(), List.of("commandTimeout", "dataTimeout"));
        commandTimeout = Duration.ofSeconds(settings.get("commandTimeout", ValueType.POSITIVE_INT, 300));
        dataTimeout = Duration.ofSeconds(settings.get("dataTimeout", ValueType.POSITIVE_INT, 600));
        timers.every(CHECK_EVERY, this::closeExpired);
    }

    @Override
    public void onDisconnect(SMTPSession session) {
        sessions.remove(session.getSessionID());
    }

    /**
     * Every reply starts the next deadline, the greeting first: the data's after {@code 354}, a command's otherwise.
     * James also calls this for handlers that wrote nothing (a reply deferred to the timer): no reply, no change.
     * (The session is not taken at connection: James 3.8.1's JMX statistics fail on a connect handler that answers
     * nothing.)
     */
    @Override
    public Response onResponse(ProtocolSession session, Response response, long executionTime, ProtocolHandler handler) {
        if (response != null && session instanceof SMTPSession && !response.isEndSession()) {
            Deadline deadline = sessions.computeIfAbsent(session.getSessionID(), id -> new Deadline((SMTPSession) session));
            boolean data = SMTPRetCode.DATA_READY.equals(response.getRetCode());
            restart(deadline, data ? "data" : "command", data ? dataTimeout : commandTimeout);
        }
        return response;
    }

    /** The end of the data: the client is back to commands. */
    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        Deadline deadline = sessions.get(session.getSessionID());
        if (deadline != null) {
            restart(deadline, "command", commandTimeout);
        }
        return HookResult.DECLINED;
    }

    private void restart(Deadline deadline, String phase, Duration timeout) {
        deadline.phase = phase;
        deadline.nanos = nanoTime.getAsLong() + timeout.toNanos();
    }

    private void closeExpired() {
        long now = nanoTime.getAsLong();
        sessions.values().removeIf(deadline -> {
            if (now - deadline.nanos < 0) {
                return false;
            }
            SMTPSession session = deadline.session;
            Duration timeout = "data".equals(deadline.phase) ? dataTimeout : commandTimeout;
            LOGGER.info("Session {} from {}: no complete {} within {} s: closed", session.getSessionID(),
                session.getRemoteAddress().getAddress().getHostAddress(), deadline.phase, timeout.toSeconds());
            SMTPResponse closing = new SMTPResponse(SMTPRetCode.SERVICE_NOT_AVAILABLE,
                "4.4.2 " + session.getConfiguration().getHelloName() + " Error: timeout exceeded, closing connection");
            closing.setEndSession(true);
            metrics.deadlineClosed(deadline.phase);
            ReplyChannel.of(session).ifPresent(channel -> channel.reply(closing));
            return true;
        });
    }
}
