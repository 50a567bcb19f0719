package org.jamesmsa.smtp;

import javax.inject.Inject;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.queue.api.MailPrioritySupport;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.smtpserver.SendMailHandler;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.jamesmsa.contracts.SessionFact;
import org.jamesmsa.smtp.submission.FutureReleaseParameters;
import org.jamesmsa.smtp.submission.MtPriorityParameter;
import org.jamesmsa.smtp.submission.RequireTlsParameter;

/**
 * James's enqueue at the end of DATA, with the reply RFC 3463 gives a queue that cannot take the message now (a full
 * disk, a broker out of reach past its timeout): {@code 451 4.3.0}, "mail system full or unavailable", where James
 * says {@code 4.0.0 Error processing message}. The client keeps the message and tries again; nothing is answered
 * {@code 250} that the queue does not hold. A message with a FUTURERELEASE hold is queued at once too, its release time
 * on it ({@link SessionFact#RELEASE_AT}): its audit record is written on acceptance, and the hold starts after it.
 */
public class MsaSendMailHandler extends SendMailHandler {
    static final HookResult QUEUE_UNAVAILABLE = SmtpReplies.denySoft(SMTPRetCode.LOCAL_ERROR, "4.3.0",
        "Cannot queue this message now; try again later");

    @Inject
    public MsaSendMailHandler(MailQueueFactory<?> queueFactory) {
        super(queueFactory);
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        session.getAttachment(FutureReleaseParameters.RELEASE_AT, ProtocolSession.State.Transaction).ifPresent(releaseAt ->
            SessionFact.RELEASE_AT.writeTo(mail, releaseAt.toString()));
        session.getAttachment(RequireTlsParameter.REQUIRED, ProtocolSession.State.Transaction).ifPresent(required ->
            SessionFact.REQUIRE_TLS.writeTo(mail, required));
        session.getAttachment(MtPriorityParameter.PRIORITY, ProtocolSession.State.Transaction).ifPresent(priority -> {
            SessionFact.MT_PRIORITY.writeTo(mail, priority);
            mail.setAttribute(new Attribute(MailPrioritySupport.MAIL_PRIORITY, AttributeValue.of(MtPriorityParameter.queuePriority(priority))));
        });
        HookResult result = super.onMessage(session, mail);
        return result.getResult().getAction() == HookReturnCode.Action.DENYSOFT ? QUEUE_UNAVAILABLE : result;
    }
}
