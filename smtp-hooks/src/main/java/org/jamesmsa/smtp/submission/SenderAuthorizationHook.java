package org.jamesmsa.smtp.submission;

import javax.inject.Inject;

import org.apache.james.core.MaybeSender;
import org.apache.james.core.Username;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.dsn.DSNStatus;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.apache.james.rrt.api.CanSendFrom;
import org.apache.james.user.api.UsersRepository;
import org.jamesmsa.contracts.SenderOwnership;
import org.jamesmsa.smtp.SmtpReplies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 6409 section 6.1: the authenticated identity must be authorized to use the envelope sender, otherwise
 * {@code 550 5.7.1}. Authorization is {@link SenderOwnership}: the user's own address plus the aliases and domain
 * aliases of the recipient rewrite table. The null sender {@code <>} is allowed (an authenticated user may send
 * notifications that must not bounce). A user store that cannot answer gives {@code 451 4.3.0}.
 *
 * <p>James's {@code verifyIdentity} does the same check but answers {@code 503}, refuses {@code <>} and any
 * sender outside the local domains; keep {@code <verifyIdentity>false</verifyIdentity>} next to this hook.</p>
 *
 * <pre>{@code
 * <handler class="org.jamesmsa.smtp.submission.SenderAuthorizationHook"/>
 * }</pre>
 */
public class SenderAuthorizationHook implements MailHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(SenderAuthorizationHook.class);

    private static final HookResult CANNOT_VERIFY = SmtpReplies.denySoft(SMTPRetCode.LOCAL_ERROR,
        DSNStatus.getStatus(DSNStatus.TRANSIENT, DSNStatus.SYSTEM_OTHER),
        "Cannot verify sender authorization now, try again later");

    private final SenderOwnership ownership;

    @Inject
    public SenderAuthorizationHook(UsersRepository users, CanSendFrom canSendFrom) {
        this.ownership = new SenderOwnership(users, canSendFrom);
    }

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        Username authenticated = session.getUsername();
        if (authenticated == null || sender.isNullSender()) {
            return HookResult.DECLINED;
        }
        try {
            if (ownership.owns(authenticated, sender.get())) {
                return HookResult.DECLINED;
            }
        } catch (Exception e) {
            LOGGER.error("Cannot check whether {} may send as {}", authenticated.asString(), sender.asString(), e);
            return CANNOT_VERIFY;
        }
        LOGGER.info("MAIL FROM:<{}> refused: {} is not authorized to send as that address", sender.asString(),
            authenticated.asString());
        return SmtpReplies.deny(SMTPRetCode.MAILBOX_PERM_UNAVAILABLE,
            DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.SECURITY_AUTH),
            "Sender address <" + sender.asString() + "> not owned by authenticated user " + authenticated.asString());
    }
}
