package org.jamesmsa.smtp.submission;

import java.util.List;
import java.util.Optional;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.esmtp.EhloExtension;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MailParametersHook;
import org.jamesmsa.smtp.SmtpReplies;

/**
 * MT-PRIORITY (RFC 6710) on the submission listeners, with the MIXER policy (RFC 6710 9.2: the priorities of
 * military messaging, used by everyone else too): {@code MAIL FROM:<a> MT-PRIORITY=n}, n from -9 to 9, orders the
 * message in the queues (James's {@code MAIL_PRIORITY}, {@link #queuePriority}) and goes on to a next hop that offers
 * MT-PRIORITY. Users are authenticated here, so their priorities are taken as given (RFC 6710 5.1 lets an MSA trust
 * its users).
 *
 * <pre>{@code
 * <handler class="org.jamesmsa.smtp.submission.MtPriorityParameter"/>
 * }</pre>
 */
public class MtPriorityParameter implements MailParametersHook, EhloExtension {
    /** The priority the transaction's MAIL asked, -9 to 9. */
    public static final ProtocolSession.AttachmentKey<Integer> PRIORITY = ProtocolSession.AttachmentKey.of(org.jamesmsa.contracts.SessionFact.MT_PRIORITY.attribute().asString(), Integer.class);
    static final String MT_PRIORITY = "MT-PRIORITY";

    @Override
    public List<String> getImplementedEsmtpFeatures(SMTPSession session) {
        return List.of(MT_PRIORITY + " MIXER");
    }

    @Override
    public String[] getMailParamNames() {
        return new String[] {MT_PRIORITY};
    }

    @Override
    public HookResult doMailParameter(SMTPSession session, String name, String value) {
        Optional<Integer> priority = parse(value);
        if (priority.isEmpty()) {
            return SmtpReplies.invalidParameter("MT-PRIORITY is a whole number from -9 to 9 (RFC 6710 3), not '" + value + "'");
        }
        session.setAttachment(PRIORITY, priority.get(), ProtocolSession.State.Transaction);
        return HookResult.DECLINED;
    }

    private static Optional<Integer> parse(String value) {
        if (value == null || !value.matches("[+-]?\\d")) {
            return Optional.empty();
        }
        return Optional.of(Integer.parseInt(value));
    }

    /** -9..9 onto James's queue priorities 0..9: -9 lowest, 0 James's normal (5), 9 highest. */
    public static int queuePriority(int mtPriority) {
        return (int) Math.round((mtPriority + 9) / 2.0);
    }
}
