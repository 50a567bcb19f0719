package org.jamesmsa.smtp.submission;

import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.dsn.DSNStatus;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.jamesmsa.smtp.SmtpReplies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every mail transaction on a submission listener needs an authenticated client, whatever its recipients:
 * RFC 5068 section 3.1, RFC 6409 section 4.3, RFC 4954 section 6 ({@code 530 5.7.0}). James itself only guards
 * relaying to remote domains, and trusts {@code authorizedAddresses}; this hook trusts neither.
 *
 * <pre>{@code
 * <handler class="org.jamesmsa.smtp.submission.AuthenticationRequiredHook"/>
 * }</pre>
 */
public class AuthenticationRequiredHook implements MailHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(AuthenticationRequiredHook.class);

    static final HookResult AUTHENTICATION_REQUIRED = SmtpReplies.deny(SMTPRetCode.AUTH_REQUIRED,
        DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.SECURITY_OTHER), "Authentication required");

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        if (session.getUsername() == null) {
            LOGGER.info("MAIL FROM:<{}> refused from {}: not authenticated", sender.asString(),
                session.getRemoteAddress().getAddress().getHostAddress());
            return AUTHENTICATION_REQUIRED;
        }
        return HookResult.DECLINED;
    }
}
