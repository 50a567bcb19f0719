package org.jamesmsa.smtp.submission;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.protocols.api.OidcSASLConfiguration;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.AuthHook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.user.api.UsersRepository;
import org.jamesmsa.smtp.SmtpReplies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks SMTP AUTH credentials against James's users repository, telling a wrong password ({@code 535 5.7.8})
 * from a user store that cannot answer ({@code 454 4.7.0}, RFC 4954 section 6): James's own
 * {@code UsersRepositoryAuthHook} reports both as a wrong password, which makes clients ask users to retype a
 * correct one.
 *
 * <pre>{@code
 * <handler class="org.jamesmsa.smtp.submission.UsersRepositoryCredentialsHook"/>
 * }</pre>
 */
public class UsersRepositoryCredentialsHook implements AuthHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(UsersRepositoryCredentialsHook.class);

    private static final HookResult AUTHENTICATED = HookResult.builder().hookReturnCode(HookReturnCode.ok()).build();
    private static final HookResult INVALID_CREDENTIALS = SmtpReplies.deny(SMTPRetCode.AUTH_FAILED,
        SmtpReplies.AUTH_CREDENTIALS_INVALID, "Authentication credentials invalid");
    private static final HookResult USER_STORE_UNAVAILABLE = SmtpReplies.denySoft(SMTPRetCode.AUTH_TEMPORARY_ERROR,
        SmtpReplies.AUTH_TEMPORARY_FAILURE, "Temporary authentication failure, try again later");

    private final UsersRepository users;

    @Inject
    public UsersRepositoryCredentialsHook(UsersRepository users) {
        this.users = users;
    }

    @Override
    public HookResult doAuth(SMTPSession session, Username username, String password) {
        try {
            if (users.test(username, password)) {
                session.setUsername(username);
                session.setRelayingAllowed(true);
                return AUTHENTICATED;
            }
            return INVALID_CREDENTIALS;
        } catch (Exception e) {
            LOGGER.error("Users repository failed while checking the credentials of {}", username.asString(), e);
            return USER_STORE_UNAVAILABLE;
        }
    }

    /** OIDC tokens are James's business ({@code UsersRepositoryAuthHook}); this hook has no opinion on them. */
    @Override
    public HookResult doSasl(SMTPSession session, OidcSASLConfiguration saslConfiguration, String initialResponse) {
        return HookResult.DECLINED;
    }
}
