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
}
