package org.jamesmsa.smtp.submission;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.core.Username;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.jamesmsa.contracts.TestAccounts;
import org.jamesmsa.smtp.testing.FakeSmtpSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SenderAuthorizationHookTest {
    private TestAccounts accounts;
    private SenderAuthorizationHook hook;

    @BeforeEach
    void setUp() throws Exception {
        accounts = TestAccounts.create();
        hook = new SenderAuthorizationHook(accounts.users, accounts.canSendFrom);
    }

    private HookResult mailFrom(Username user, String sender) throws Exception {
        return hook.doMail(new FakeSmtpSession().authenticatedAs(user), MaybeSender.of(new MailAddress(sender)));
    }

    @Test
    void ownAddressAliasAndAliasDomainAreAccepted() throws Exception {
        assertThat(mailFrom(TestAccounts.ALICE, "alice@msa.test")).isEqualTo(HookResult.DECLINED);
        assertThat(mailFrom(TestAccounts.ALICE, TestAccounts.ALICE_ALIAS)).isEqualTo(HookResult.DECLINED);
        assertThat(mailFrom(TestAccounts.ALICE, "alice@alias.test")).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void anotherUsersAddressOrAliasOrAForeignAddressIs550() throws Exception {
        for (String sender : new String[] {"alice@msa.test", TestAccounts.ALICE_ALIAS, "bob@elsewhere.example"}) {
            HookResult result = mailFrom(TestAccounts.BOB, sender);

            assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
            assertThat(result.getSmtpRetCode() + " " + result.getSmtpDescription())
                .isEqualTo("550 5.7.1 Sender address <" + sender + "> not owned by authenticated user bob@msa.test");
        }
    }

    @Test
    void theNullSenderAndUnauthenticatedSessionsAreNotThisHooksBusiness() throws Exception {
        assertThat(hook.doMail(new FakeSmtpSession().authenticatedAs(TestAccounts.BOB), MaybeSender.nullSender())).isEqualTo(HookResult.DECLINED);
        assertThat(hook.doMail(new FakeSmtpSession(), MaybeSender.of(new MailAddress("alice@msa.test")))).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void aUserStoreThatCannotAnswerIsATemporaryFailure() throws Exception {
        HookResult result = new SenderAuthorizationHook(TestAccounts.unreachableStore(), accounts.canSendFrom)
            .doMail(new FakeSmtpSession().authenticatedAs(TestAccounts.ALICE), MaybeSender.of(new MailAddress("alice@msa.test")));

        assertThat(result.getResult()).isEqualTo(HookReturnCode.denySoft());
        assertThat(result.getSmtpRetCode() + " " + result.getSmtpDescription())
            .isEqualTo("451 4.3.0 Cannot verify sender authorization now, try again later");
    }
}
