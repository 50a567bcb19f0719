package org.jamesmsa.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jamesmsa.it.MsaTestServer.ALICE;
import static org.jamesmsa.it.MsaTestServer.ALICE_PASSWORD;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

import javax.inject.Singleton;

import org.apache.james.core.Username;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.jamesmsa.it.SmtpClient.Reply;
import org.jamesmsa.server.CachingUsersRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

/**
 * A user store that cannot answer (an unreachable LDAP or database, here injected in front of James's real
 * store for logins of the domain {@code unreachable.test}) must give the client {@code 454 4.7.0}, a temporary
 * failure, and not {@code 535}: a client told its password is wrong asks the user to change a correct one.
 */
class UserStoreFailureTest {

    static final class UnreachableStoreModule extends AbstractModule {
        @Provides
        @Singleton
        UsersRepository failingForUnreachableDomain(CachingUsersRepository realStore) {
            return (UsersRepository) Proxy.newProxyInstance(UsersRepository.class.getClassLoader(),
                new Class<?>[] {UsersRepository.class}, (proxy, method, args) -> {
                    if (method.getName().equals("test") && ((Username) args[0]).asString().endsWith("@unreachable.test")) {
                        throw new UsersRepositoryException("connection refused by the user store");
                    }
                    try {
                        return method.invoke(realStore, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        }
    }

    @RegisterExtension
    static final MsaTestServer MSA = new MsaTestServer(new UnreachableStoreModule());

    @Test
    void unreachableUserStoreGives454AndTheSessionStaysUsable() throws Exception {
        try (SmtpClient client = MSA.submissionAfterStartTls()) {
            Reply auth = client.authPlain("carol@unreachable.test", "any password");

            assertThat(auth.code()).as(auth.text()).isEqualTo(454);
            assertThat(auth.enhancedStatus()).isEqualTo("4.7.0");
            assertThat(client.authPlain(ALICE, ALICE_PASSWORD).code()).isEqualTo(235);
        }
    }
}
