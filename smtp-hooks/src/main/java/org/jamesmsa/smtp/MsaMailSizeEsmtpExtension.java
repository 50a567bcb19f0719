package org.jamesmsa.smtp;

import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.esmtp.MailSizeEsmtpExtension;

/**
 * James's SIZE (RFC 1870) with an enhanced status code on every reply: James 3.8.1 ends an over-size message with
 * {@code 552 Quota exceeded} and nothing more, where RFC 3463 wants {@code 552 5.3.4}.
 */
public class MsaMailSizeEsmtpExtension extends MailSizeEsmtpExtension {
    static final Response TOO_BIG = SmtpReplies.response(SMTPRetCode.QUOTA_EXCEEDED, "5.3.4",
        "Message size exceeds fixed maximum message size").immutable();

    @Override
    public Response onLine(SMTPSession session, byte[] line, LineHandler<SMTPSession> next) {
        Response response = super.onLine(session, line, next);
        if (response != null && SMTPRetCode.QUOTA_EXCEEDED.equals(response.getRetCode())
                && response.getLines().size() == 1 && response.getLines().get(0).toString().equals("552 Quota exceeded")) {
            return TOO_BIG;
        }
        return response;
    }
}
