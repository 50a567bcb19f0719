package org.jamesmsa.smtp.submission.sasl;

import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.dsn.DSNStatus;
import org.jamesmsa.smtp.SmtpReplies;

/** The replies of the AUTH command (RFC 4954 sections 4 and 6), each with its enhanced status code, stated once. */
public final class AuthReplies {
    public static final Response ENCRYPTION_REQUIRED = SmtpReplies.response(SMTPRetCode.AUTH_ENCRYPTION_REQUIRED,
        SmtpReplies.ENCRYPTION_REQUIRED, "Must issue a STARTTLS command first: credentials are never accepted in clear")
        .immutable();
    public static final Response ALREADY_AUTHENTICATED = SmtpReplies.response(SMTPRetCode.BAD_SEQUENCE,
        DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.DELIVERY_INVALID_CMD), "Already authenticated").immutable();
    public static final Response USAGE = SmtpReplies.response(SMTPRetCode.SYNTAX_ERROR_ARGUMENTS,
        DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.DELIVERY_INVALID_ARG), "Usage: AUTH mechanism [initial-response]")
        .immutable();
    public static final Response UNKNOWN_MECHANISM = SmtpReplies.response(SMTPRetCode.PARAMETER_NOT_IMPLEMENTED,
        DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.DELIVERY_INVALID_ARG), "Unrecognized authentication mechanism")
        .immutable();
    public static final Response CANCELLED = SmtpReplies.response(SMTPRetCode.SYNTAX_ERROR_ARGUMENTS,
        DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.SECURITY_OTHER), "Authentication cancelled").immutable();
    public static final Response SUCCEEDED = SmtpReplies.response(SMTPRetCode.AUTH_OK,
        DSNStatus.getStatus(DSNStatus.SUCCESS, DSNStatus.SECURITY_OTHER), "Authentication successful").immutable();
    public static final Response INVALID_CREDENTIALS = SmtpReplies.response(SMTPRetCode.AUTH_FAILED,
        SmtpReplies.AUTH_CREDENTIALS_INVALID, "Authentication credentials invalid").immutable();
    /** Right credentials of an account an operator suspended: refused like wrong ones (RFC 4954 6), with the reason. */
    public static final Response SUSPENDED = SmtpReplies.response(SMTPRetCode.AUTH_FAILED,
        SmtpReplies.AUTH_CREDENTIALS_INVALID, "Account suspended; contact the postmaster").immutable();
    public static final Response TEMPORARY_FAILURE = SmtpReplies.response(SMTPRetCode.AUTH_TEMPORARY_ERROR,
        SmtpReplies.AUTH_TEMPORARY_FAILURE, "Temporary authentication failure, try again later").immutable();

    private AuthReplies() {
    }

    /** 501 5.5.2: the client's response cannot be decoded (bad base64, wrong shape). */
    public static Response malformed(String reason) {
        return SmtpReplies.response(SMTPRetCode.SYNTAX_ERROR_ARGUMENTS,
            DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.DELIVERY_SYNTAX), "Cannot decode AUTH response: " + reason);
    }
}
