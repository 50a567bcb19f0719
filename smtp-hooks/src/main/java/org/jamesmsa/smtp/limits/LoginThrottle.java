package org.jamesmsa.smtp.limits;

import java.time.Duration;

import org.apache.james.core.Username;
import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.jamesmsa.smtp.SmtpReplies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failed logins, against password guessing: after {@code maxPerSession} failures in one session the connection is
 * closed ({@code 421 4.7.0}); after {@code maxPerAddress} failures from one client address (IPv6: its /64) within
 * {@code window}, that address gets {@code 454 4.7.0} without any credential being checked until its failures age
 * out of the window (the cool-down); every failure is answered after a delay that doubles with the address's
 * failures (at most 8 times {@code baseDelay}). Failures per account, from any address, are counted and logged but
 * never lock the account: a stranger's guessing must not keep its owner out.
 */
public final class LoginThrottle {
    private static final Logger LOGGER = LoggerFactory.getLogger(LoginThrottle.class);
    private static final AttachmentKey<Integer> SESSION_FAILURES = AttachmentKey.of("org.jamesmsa.auth.failures", Integer.class);
    private static final int MAX_DELAY_DOUBLINGS = 3;

    static final Response COOLING_DOWN = SmtpReplies.response(SMTPRetCode.AUTH_TEMPORARY_ERROR, "4.7.0",
        "Too many failed logins from your address, try again later").immutable();

    private final RateLimiter counters;
    private final int maxPerSession;
    private final int maxPerAddress;
    private final Duration window;
    private final Duration baseDelay;

    public LoginThrottle(RateLimiter counters, int maxPerSession, int maxPerAddress, Duration window, Duration baseDelay) {
        this.counters = counters;
        this.maxPerSession = maxPerSession;
        this.maxPerAddress = maxPerAddress;
        this.window = window;
        this.baseDelay = baseDelay;
    }

    /** A failure's reply and when to send it. */
    public static final class Failure {
        private final Response reply;
        private final Duration delay;

        Failure(Response reply, Duration delay) {
            this.reply = reply;
            this.delay = delay;
        }

        public Response reply() {
            return reply;
        }

        public Duration delay() {
            return delay;
        }
    }

    /** Before any credential is checked: {@code 454 4.7.0} while the client's address cools down. */
    public boolean coolingDown(SMTPSession session) {
        String address = addressKey(session);
        long failures = counters.count(address, window);
        if (failures >= maxPerAddress) {
            LOGGER.info("AUTH refused from {}: {} failed logins in the last {} s (limit {})", address, failures,
                window.toSeconds(), maxPerAddress);
            return true;
        }
        return false;
    }

    public Response coolingDownReply() {
        return COOLING_DOWN;
    }

    /** Counts a failed login of the session's client and says how, and when, to answer it. */
    public Failure failed(SMTPSession session, Response refusal) {
        int inSession = session.getAttachment(SESSION_FAILURES, State.Connection).orElse(0) + 1;
        session.setAttachment(SESSION_FAILURES, inSession, State.Connection);
        String address = addressKey(session);
        long fromAddress = counters.add(address, 1, window);
        Duration delay = baseDelay.multipliedBy(1L << Math.min(Math.max(fromAddress - 1, 0), MAX_DELAY_DOUBLINGS));
        if (inSession >= maxPerSession) {
            LOGGER.info("AUTH failure {} in session {} from {}: closing the connection (limit {} per session)", inSession,
                session.getSessionID(), address, maxPerSession);
            SMTPResponse closing = new SMTPResponse(SMTPRetCode.SERVICE_NOT_AVAILABLE,
                "4.7.0 Too many failed logins, closing connection");
            closing.setEndSession(true);
            return new Failure(closing, delay);
        }
        LOGGER.info("AUTH failure {} in session {} from {} ({} from this address in {} s): answered after {} ms",
            inSession, session.getSessionID(), address, fromAddress, window.toSeconds(), delay.toMillis());
        return new Failure(refusal, delay);
    }

    /** A wrong password for an account, from any address: counted and logged, never a lockout. */
    public void wrongPassword(SMTPSession session, Username account) {
        long failures = counters.add(accountKey(account), 1, window);
        if (failures % maxPerAddress == 0) {
            LOGGER.warn("Account {}: {} failed logins in the last {} s, the last from {}; the account is not locked",
                account.asString(), failures, window.toSeconds(), addressKey(session));
        }
    }

    /** Wrong passwords for {@code account} in the window, from every address. */
    public long failuresOf(Username account) {
        return counters.count(accountKey(account), window);
    }

    private static String accountKey(Username account) {
        return "auth-fail-account:" + account.asString();
    }

    private static String addressKey(SMTPSession session) {
        return "auth-fail:" + ClientAddress.keyOf(session.getRemoteAddress().getAddress());
    }
}
