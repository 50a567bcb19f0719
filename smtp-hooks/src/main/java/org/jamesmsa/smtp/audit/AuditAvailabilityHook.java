package org.jamesmsa.smtp.audit;

import javax.inject.Inject;

import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Mail;
import org.jamesmsa.contracts.AuditHealth;
import org.jamesmsa.contracts.MsaMetrics;
import org.jamesmsa.smtp.SmtpReplies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * No {@code 250} for a message that cannot be accounted for: while the audit store cannot write (a full disk, say),
 * the end of the data is answered {@code 451 4.3.0} and the client retries later, instead of the message waiting,
 * unrecorded, in the held repository. List it before the chain's other message hooks, so that nothing counts a
 * message refused here.
 *
 * <pre>{@code
 * <handler class="org.jamesmsa.smtp.audit.AuditAvailabilityHook"/>
 * }</pre>
 */
public class AuditAvailabilityHook implements JamesMessageHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(AuditAvailabilityHook.class);
    static final HookResult REFUSED = SmtpReplies.denySoft(SMTPRetCode.LOCAL_ERROR, "4.3.0",
        "Cannot record this message for accountability now; try again later");

    private final AuditHealth health;
    private final MsaMetrics metrics;

    @Inject
    public AuditAvailabilityHook(AuditHealth health, MsaMetrics metrics) {
        this.health = health;
        this.metrics = metrics;
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        if (health.writable()) {
            return HookResult.DECLINED;
        }
        metrics.auditUnavailableRefused();
        LOGGER.warn("Message from {} ({}) refused 451 4.3.0 in session {}: the audit store cannot write ({})",
            session.getRemoteAddress().getAddress().getHostAddress(),
            session.getUsername() == null ? "unauthenticated" : session.getUsername().asString(), session.getSessionID(),
            health.failure().orElse("?"));
        return REFUSED;
    }
}
