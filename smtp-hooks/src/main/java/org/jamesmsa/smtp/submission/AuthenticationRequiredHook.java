package org.jamesmsa.smtp.submission;

import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.dsn.DSNStatus;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.jamesmsa.smtp.SmtpReplies;
import org.jamesmsa.contracts.Suspensions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every mail transaction on a submission listener needs an authenticated client, whatever its recipients:
 * RFC 5068 section 3.1, RFC 6409 section 4.3, RFC 4954 section 6 ({@code 530 5.7.0}). James itself only guards
 * relaying to remote domains, and trusts {@code authorizedAddresses}; this hook trusts neither. An account suspended
 * after it logged in sends nothing more in that session ({@code 550 5.7.1}): a stolen login is stopped at once, not
 * at its next connection.
 *
 * <pre>{@code
 * <handler class="org.jamesmsa.smtp.submission.AuthenticationRequiredHook"/>
 * }</pre>
 */
public class AuthenticationRequiredHook implements MailHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(AuthenticationRequiredHook.class);

    static final HookResult AUTHENTICATION_REQUIRED = SmtpReplies.deny(SMTPRetCode.AUTH_REQUIRED,
        DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.SECURITY_OTHER), "Authentication required");
    static final HookResult SUSPENDED = SmtpReplies.deny(SMTPRetCode.MAILBOX_PERM_UNAVAILABLE,
        DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.SECURITY_AUTH), "Account suspended; contact the postmaster");

    private final Suspensions suspensions;

    @Inject
    public AuthenticationRequiredHook(Suspensions suspensions) {
        this.suspensions = suspensions;
    }

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        if (session.getUsername() == null) {
            LOGGER.info("MAIL FROM:<{}> refused from {}: not authenticated", sender.asString(),
                session.getRemoteAddress().getAddress().getHostAddress());
            return AUTHENTICATION_REQUIRED;
        }
        Optional<Suspensions.Suspension> suspension = suspensions.of(session.getUsername());
        if (suspension.isPresent()) {
            LOGGER.warn("MAIL FROM:<{}> refused: {}", sender.asString(), suspension.get());
            return SUSPENDED;
        }
        return HookResult.DECLINED;
    }
}
