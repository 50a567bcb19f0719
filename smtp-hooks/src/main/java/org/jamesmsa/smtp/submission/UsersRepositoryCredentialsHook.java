package org.jamesmsa.smtp.submission;

import java.time.Duration;
import java.util.List;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;

import org.apache.james.core.Username;
import org.apache.james.protocols.api.OidcSASLConfiguration;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.AuthHook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.user.api.UsersRepository;
import org.jamesmsa.settings.Settings;
import org.jamesmsa.settings.ValueType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a login and password against James's users repository, telling a wrong password (DENY, which the AUTH
 * handler answers {@code 535 5.7.8}) from a user store that cannot answer (DENYSOFT, {@code 454 4.7.0}, RFC 4954
 * section 6): James's own {@code UsersRepositoryAuthHook} reports both as a wrong password, which makes clients ask
 * users to retype a correct one. It only answers; {@code SubmissionAuthCmdHandler} marks the session authenticated.
 *
 * <pre>{@code
 * <handler class="org.jamesmsa.smtp.submission.UsersRepositoryCredentialsHook">
 *     <!-- Seconds a verified login and password are not hashed again (VerifiedCredentials); 0, the default: always. -->
 *     <cacheSeconds>0</cacheSeconds>
 * </handler>
 * }</pre>
 */
public class UsersRepositoryCredentialsHook implements AuthHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(UsersRepositoryCredentialsHook.class);

    private static final HookResult AUTHENTICATED = HookResult.builder().hookReturnCode(HookReturnCode.ok()).build();
    private static final HookResult WRONG_PASSWORD = HookResult.builder().hookReturnCode(HookReturnCode.deny()).build();
    private static final HookResult STORE_UNAVAILABLE = HookResult.builder().hookReturnCode(HookReturnCode.denySoft()).build();

    private final UsersRepository users;
    private final VerifiedCredentials verified;
    private Duration cacheFor = Duration.ZERO;

    @Inject
    public UsersRepositoryCredentialsHook(UsersRepository users, VerifiedCredentials verified) {
        this.users = users;
        this.verified = verified;
    }

    /** With a cache of its own, as a test wants. */
    UsersRepositoryCredentialsHook(UsersRepository users) {
        this(users, new VerifiedCredentials());
    }

    @Override
    public void init(Configuration config) throws ConfigurationException {
        int seconds = Settings.ofHandler(config, getClass(), List.of("cacheSeconds")).get("cacheSeconds", ValueType.COUNT_OR_OFF, 0);
        cacheFor = Duration.ofSeconds(seconds);
    }

    @Override
    public HookResult doAuth(SMTPSession session, Username username, String password) {
        boolean caching = !cacheFor.isZero();
        try {
            // A hit asks nothing of the store: its user lookup cost as much CPU as the hash. Deleting a user through
            // webadmin forgets the login (PasswordChanges), as changing its password does.
            if (caching && verified.verifiedLately(username.asString(), password, cacheFor)) {
                return AUTHENTICATED;
            }
            boolean right = users.test(username, password);
            if (right && caching) {
                verified.verified(username.asString(), password);
            }
            return right ? AUTHENTICATED : WRONG_PASSWORD;
        } catch (Exception e) {
            LOGGER.error("Users repository failed while checking the credentials of {}", username.asString(), e);
            return STORE_UNAVAILABLE;
        }
    }

    /** Bearer tokens are verified by the OAUTHBEARER and XOAUTH2 mechanisms themselves, not by password hooks. */
    @Override
    public HookResult doSasl(SMTPSession session, OidcSASLConfiguration saslConfiguration, String initialResponse) {
        return HookResult.DECLINED;
    }
}
