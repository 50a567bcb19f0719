package org.jamesmsa.smtp;

import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MailParametersHook;

/**
 * RFC 4954 section 5: {@code MAIL FROM:<...> AUTH=<...>} is accepted and ignored, as James's own AUTH handler does.
 * The handlers that replace it (on submission and on MX listeners) implement this, or James would refuse the
 * parameter as unknown.
 */
public interface AcceptsAuthMailParameter extends MailParametersHook {

    @Override
    default HookResult doMailParameter(SMTPSession session, String paramName, String paramValue) {
        return HookResult.DECLINED;
    }

    @Override
    default String[] getMailParamNames() {
        return new String[] {"AUTH"};
    }
}
