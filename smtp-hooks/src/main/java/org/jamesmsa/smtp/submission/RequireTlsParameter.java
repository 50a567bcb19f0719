package org.jamesmsa.smtp.submission;

import java.util.List;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.esmtp.EhloExtension;
import org.apache.james.protocols.smtp.dsn.DSNStatus;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MailParametersHook;
import org.jamesmsa.smtp.SmtpReplies;

/**
 * REQUIRETLS (RFC 8689) on the submission listeners: offered in EHLO once the session is encrypted, and
 * {@code MAIL FROM:<a> REQUIRETLS} marks the message so that it leaves only over verified TLS to a next hop that
 * offers REQUIRETLS too, else is returned to its sender with {@code 5.7.10} ({@code RequireTlsRequested} and
 * {@code OutboundDelivery} with {@code requireTls} in mailetcontainer.xml).
 *
 * <pre>{@code
 * <handler class="org.jamesmsa.smtp.submission.RequireTlsParameter"/>
 * }</pre>
 */
public class RequireTlsParameter implements MailParametersHook, EhloExtension {
    /** Set for the transaction whose MAIL asked REQUIRETLS. */
    public static final ProtocolSession.AttachmentKey<Boolean> REQUIRED = ProtocolSession.AttachmentKey.of(org.jamesmsa.contracts.SessionFact.REQUIRE_TLS.attribute().asString(), Boolean.class);
    static final String REQUIRETLS = "REQUIRETLS";
    static final HookResult NOT_ENCRYPTED = SmtpReplies.deny(SMTPRetCode.AUTH_REQUIRED,
        DSNStatus.getStatus(DSNStatus.PERMANENT, "7.10"), "REQUIRETLS needs an encrypted session (RFC 8689 4.1)");

    @Override
    public List<String> getImplementedEsmtpFeatures(SMTPSession session) {
        return session.isTLSStarted() ? List.of(REQUIRETLS) : List.of();
    }

    @Override
    public String[] getMailParamNames() {
        return new String[] {REQUIRETLS};
    }

    @Override
    public HookResult doMailParameter(SMTPSession session, String name, String value) {
        if (!session.isTLSStarted()) {
            return NOT_ENCRYPTED;
        }
        if (value != null && !value.isEmpty()) {
            return SmtpReplies.invalidParameter("REQUIRETLS takes no value");
        }
        session.setAttachment(REQUIRED, true, ProtocolSession.State.Transaction);
        return HookResult.DECLINED;
    }
}
