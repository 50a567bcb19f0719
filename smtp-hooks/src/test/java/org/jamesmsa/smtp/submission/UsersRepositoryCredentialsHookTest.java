package org.jamesmsa.smtp.submission;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.james.core.Username;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.memory.MemoryUsersRepository;
import org.jamesmsa.contracts.TestAccounts;
import org.jamesmsa.smtp.testing.FakeSmtpSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UsersRepositoryCredentialsHookTest {
    private final AtomicLong nanos = new AtomicLong();
    private final AtomicInteger hashes = new AtomicInteger();
    private final AtomicInteger otherCalls = new AtomicInteger();
    private final FakeSmtpSession session = new FakeSmtpSession();
    private MemoryUsersRepository accounts;
    private VerifiedCredentials cache;

    @BeforeEach
    void accountsWhoseHashesAreCounted() throws Exception {
        accounts = TestAccounts.create().users;
        cache = new VerifiedCredentials(nanos::get);
    }

    /** The store, counting its password checks: each one is a PBKDF2 hash. */
    private UsersRepository countingStore() {
        return (UsersRepository) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {UsersRepository.class},
            (proxy, method, args) -> {
                if (method.getName().equals("test")) {
                    hashes.incrementAndGet();
                } else {
                    otherCalls.incrementAndGet();
                }
                return method.invoke(accounts, args);
            });
    }

    private UsersRepositoryCredentialsHook hook(String cacheSeconds) throws Exception {
        UsersRepositoryCredentialsHook hook = new UsersRepositoryCredentialsHook(countingStore(), cache);
        BaseHierarchicalConfiguration config = new BaseHierarchicalConfiguration();
        if (cacheSeconds != null) {
            config.addProperty("cacheSeconds", cacheSeconds);
        }
        hook.init(config);
        return hook;
    }

    private HookReturnCode login(UsersRepositoryCredentialsHook hook, String password) {
        return hook.doAuth(session, TestAccounts.ALICE, password).getResult();
    }

    @Test
    void tellsARightPasswordFromAWrongOneAndLeavesTheSessionAlone() throws Exception {
        UsersRepositoryCredentialsHook hook = hook(null);

        assertThat(login(hook, TestAccounts.ALICE_PASSWORD)).isEqualTo(HookReturnCode.ok());
        assertThat(login(hook, "wrong")).isEqualTo(HookReturnCode.deny());
        assertThat(hook.doAuth(session, Username.of("nobody@msa.test"), "any").getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(session.getUsername()).as("the AUTH handler, not the hook, authenticates the session").isNull();
    }

    @Test
    void aStoreThatCannotAnswerIsASoftDenialNotAWrongPassword() throws Exception {
        assertThat(new UsersRepositoryCredentialsHook(TestAccounts.unreachableStore()).doAuth(session, TestAccounts.ALICE, "any").getResult())
            .isEqualTo(HookReturnCode.denySoft());
    }

    @Test
    void withACacheAVerifiedLoginSkipsTheStoreUntilItExpiresOrIsForgotten() throws Exception {
        UsersRepositoryCredentialsHook hook = hook("60");

        for (int i = 0; i < 3; i++) {
            assertThat(login(hook, TestAccounts.ALICE_PASSWORD)).isEqualTo(HookReturnCode.ok());
        }
        assertThat(hashes).as("one hash for three logins").hasValue(1);
        assertThat(otherCalls).as("and no other question to the store").hasValue(0);
        assertThat(login(hook, "wrong")).as("another password is hashed, and wrong").isEqualTo(HookReturnCode.deny());
        nanos.addAndGet(Duration.ofSeconds(61).toNanos());
        login(hook, TestAccounts.ALICE_PASSWORD);
        assertThat(hashes).as("expired: hashed again").hasValue(3);
        login(hook, TestAccounts.ALICE_PASSWORD);
        assertThat(hashes).as("cached again").hasValue(3);
        accounts.removeUser(TestAccounts.ALICE);
        cache.forget(TestAccounts.ALICE.asString());
        assertThat(login(hook, TestAccounts.ALICE_PASSWORD)).as("a deleted, forgotten user").isEqualTo(HookReturnCode.deny());
    }

    @Test
    void aForgottenLoginIsVerifiedAgainstTheStoreSoItsOldPasswordStopsWorkingAtOnce() throws Exception {
        UsersRepositoryCredentialsHook submission = hook("300");
        UsersRepositoryCredentialsHook submissions = hook("300");
        assertThat(login(submission, TestAccounts.ALICE_PASSWORD)).isEqualTo(HookReturnCode.ok());
        assertThat(login(submissions, TestAccounts.ALICE_PASSWORD)).isEqualTo(HookReturnCode.ok());
        assertThat(hashes).as("one cache for both listeners").hasValue(1);

        org.apache.james.user.api.model.User alice = accounts.getUserByName(TestAccounts.ALICE);
        alice.setPassword("changed");
        accounts.updateUser(alice);
        cache.forget(TestAccounts.ALICE.asString().toUpperCase(java.util.Locale.ROOT));

        assertThat(login(submission, TestAccounts.ALICE_PASSWORD)).as("the old password, on 587").isEqualTo(HookReturnCode.deny());
        assertThat(login(submissions, TestAccounts.ALICE_PASSWORD)).as("the old password, on 465").isEqualTo(HookReturnCode.deny());
        assertThat(login(submissions, "changed")).isEqualTo(HookReturnCode.ok());
    }

    @Test
    void withoutTheSettingEveryLoginIsHashed() throws Exception {
        UsersRepositoryCredentialsHook hook = hook(null);

        assertThat(login(hook, TestAccounts.ALICE_PASSWORD)).isEqualTo(HookReturnCode.ok());
        assertThat(login(hook, TestAccounts.ALICE_PASSWORD)).isEqualTo(HookReturnCode.ok());
        assertThat(hashes).hasValue(2);
    }
}
