package org.jamesmsa.smtp.submission;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.core.Username;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.jamesmsa.model.TestAccounts;
import org.jamesmsa.smtp.testing.FakeSmtpSession;
import org.junit.jupiter.api.Test;

class UsersRepositoryCredentialsHookTest {

    @Test
    void tellsARightPasswordFromAWrongOneAndLeavesTheSessionAlone() throws Exception {
        UsersRepositoryCredentialsHook hook = new UsersRepositoryCredentialsHook(TestAccounts.create().users);
        FakeSmtpSession session = new FakeSmtpSession();

        assertThat(hook.doAuth(session, TestAccounts.ALICE, TestAccounts.ALICE_PASSWORD).getResult()).isEqualTo(HookReturnCode.ok());
        assertThat(hook.doAuth(session, TestAccounts.ALICE, "wrong").getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(hook.doAuth(session, Username.of("nobody@msa.test"), "any").getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(session.getUsername()).as("the AUTH handler, not the hook, authenticates the session").isNull();
    }

    @Test
    void aStoreThatCannotAnswerIsASoftDenialNotAWrongPassword() throws Exception {
        assertThat(new UsersRepositoryCredentialsHook(TestAccounts.unreachableStore()).doAuth(new FakeSmtpSession(), TestAccounts.ALICE, "any").getResult())
            .isEqualTo(HookReturnCode.denySoft());
    }

    @Test
    void withACacheAVerifiedLoginSkipsTheHashUntilItExpiresButNeverOutlivesItsUser() throws Exception {
        TestAccounts accounts = TestAccounts.create();
        java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicInteger hashes = new java.util.concurrent.atomic.AtomicInteger();
        org.apache.james.user.memory.MemoryUsersRepository counting = accounts.users;
        org.apache.james.user.api.UsersRepository store = (org.apache.james.user.api.UsersRepository) java.lang.reflect.Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {org.apache.james.user.api.UsersRepository.class}, (proxy, method, args) -> {
                if (method.getName().equals("test")) {
                    hashes.incrementAndGet();
                }
                return method.invoke(counting, args);
            });
        UsersRepositoryCredentialsHook hook = new UsersRepositoryCredentialsHook(store, nanos::get);
        org.apache.commons.configuration2.BaseHierarchicalConfiguration config = new org.apache.commons.configuration2.BaseHierarchicalConfiguration();
        config.addProperty("cacheSeconds", "60");
        hook.init(config);
        FakeSmtpSession session = new FakeSmtpSession();

        for (int i = 0; i < 3; i++) {
            assertThat(hook.doAuth(session, TestAccounts.ALICE, TestAccounts.ALICE_PASSWORD).getResult()).isEqualTo(HookReturnCode.ok());
        }
        assertThat(hashes).as("one hash for three logins").hasValue(1);
        assertThat(hook.doAuth(session, TestAccounts.ALICE, "wrong").getResult()).as("another password is hashed, and wrong")
            .isEqualTo(HookReturnCode.deny());
        nanos.addAndGet(java.time.Duration.ofSeconds(61).toNanos());
        hook.doAuth(session, TestAccounts.ALICE, TestAccounts.ALICE_PASSWORD);
        assertThat(hashes).as("expired: hashed again").hasValue(3);
        counting.removeUser(TestAccounts.ALICE);
        assertThat(hook.doAuth(session, TestAccounts.ALICE, TestAccounts.ALICE_PASSWORD).getResult()).as("a deleted user")
            .isEqualTo(HookReturnCode.deny());
    }

    @Test
    void withoutTheSettingEveryLoginIsHashed() throws Exception {
        UsersRepositoryCredentialsHook hook = new UsersRepositoryCredentialsHook(TestAccounts.create().users);
        hook.init(new org.apache.commons.configuration2.BaseHierarchicalConfiguration());

        assertThat(hook.doAuth(new FakeSmtpSession(), TestAccounts.ALICE, TestAccounts.ALICE_PASSWORD).getResult()).isEqualTo(HookReturnCode.ok());
    }
}
