package org.jamesmsa.smtp;

import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.dsn.DSNStatus;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;

/**
 * Builds replies that always carry an RFC 3463 enhanced status code, so that every refusal of this bundle
 * tells the client both the class of failure and what to do about it.
 */
public final class SmtpReplies {

    /** RFC 4954 section 6: "Authentication credentials invalid". DSNStatus has no constant for it. */
    public static final String AUTH_CREDENTIALS_INVALID = "5.7.8";
    /** RFC 4954 section 6 / RFC 5248: "Encryption required for requested authentication mechanism". */
    public static final String ENCRYPTION_REQUIRED = "5.7.11";
    /** RFC 4954 section 6: "Temporary authentication failure". */
    public static final String AUTH_TEMPORARY_FAILURE = "4.7.0";

    private SmtpReplies() {
    }

    public static SMTPResponse response(String code, String enhancedStatus, String text) {
        return new SMTPResponse(code, enhancedStatus + " " + text);
    }

    public static HookResult deny(String code, String enhancedStatus, String text) {
        return result(HookReturnCode.deny(), code, enhancedStatus, text);
    }

    /** {@code 501 5.5.4}: a command parameter (an ESMTP MAIL parameter) has a value it cannot take. */
    public static HookResult invalidParameter(String text) {
        return deny(SMTPRetCode.SYNTAX_ERROR_ARGUMENTS, DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.DELIVERY_INVALID_ARG), text);
    }

    public static HookResult denySoft(String code, String enhancedStatus, String text) {
        return result(HookReturnCode.denySoft(), code, enhancedStatus, text);
    }

    public static HookResult result(HookReturnCode returnCode, String code, String enhancedStatus, String text) {
        return HookResult.builder()
            .hookReturnCode(returnCode)
            .smtpReturnCode(code)
            .smtpDescription(enhancedStatus + " " + text)
            .build();
    }
}
