package org.jamesmsa.smtp;

import java.util.List;

import javax.inject.Inject;

import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.esmtp.EhloCmdHandler;
import org.apache.james.protocols.smtp.core.esmtp.EhloExtension;

/**
 * James's EHLO with a well-formed first line: James 3.8.1 answers {@code 250-host Hello client [192.0.2.7])}, a
 * closing parenthesis that nothing opened. Hooks, checks and extensions stay James's own; only the greeting line is
 * written here, as {@code 250-host Hello client [192.0.2.7]}.
 */
public class MsaEhloCmdHandler extends EhloCmdHandler {
    private List<EhloExtension> extensions = List.of();

    @Inject
    public MsaEhloCmdHandler(MetricFactory metricFactory) {
        super(metricFactory);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void wireExtensions(Class<?> interfaceName, List<?> extension) {
        super.wireExtensions(interfaceName, extension);
        if (EhloExtension.class.equals(interfaceName)) {
            this.extensions = (List<EhloExtension>) extension;
        }
    }

    @Override
    protected Response doCoreCmd(SMTPSession session, String command, String parameters) {
        SMTPResponse response = new SMTPResponse(SMTPRetCode.MAIL_OK, session.getConfiguration().getHelloName()
            + " Hello " + parameters + " [" + session.getRemoteAddress().getAddress().getHostAddress() + "]");
        session.setAttachment(SMTPSession.CURRENT_HELO_MODE, "EHLO", State.Connection);
        for (EhloExtension extension : extensions) {
            List<String> lines = extension.getImplementedEsmtpFeatures(session);
            if (lines != null) {
                lines.forEach(response::appendLine);
            }
        }
        return response;
    }
}
