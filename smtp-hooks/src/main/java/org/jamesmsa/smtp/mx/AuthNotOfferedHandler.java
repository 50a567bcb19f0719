package org.jamesmsa.smtp.mx;

import java.util.Collection;
import java.util.List;

import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.dsn.DSNStatus;
import org.jamesmsa.smtp.AcceptsAuthMailParameter;
import org.jamesmsa.smtp.SmtpReplies;

/**
 * Refuses AUTH on the MX listener. RFC 5068 section 4.1 asks operators to keep unauthenticated MX traffic apart
 * from authenticated submission traffic; {@code <announce>never</announce>} only hides AUTH from EHLO, and
 * James would still accept credentials (in clear, on port 25) from a client that sends AUTH anyway.
 *
 * <pre>{@code
 * <handler class="org.jamesmsa.smtp.mx.AuthNotOfferedHandler"/>
 * }</pre>
 */
public class AuthNotOfferedHandler implements CommandHandler<SMTPSession>, AcceptsAuthMailParameter {

    static final Response AUTH_NOT_OFFERED = SmtpReplies.response(SMTPRetCode.BAD_SEQUENCE,
        DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.DELIVERY_INVALID_CMD),
        "Authentication not enabled on this port; submit mail on the submission port (587 or 465)").immutable();

    @Override
    public Response onCommand(SMTPSession session, Request request) {
        return AUTH_NOT_OFFERED;
    }

    @Override
    public Collection<String> getImplCommands() {
        return List.of("AUTH");
    }
}
