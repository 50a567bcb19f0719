package org.jamesmsa.smtp.submission;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.jamesmsa.contracts.TestAccounts;
import org.jamesmsa.smtp.testing.FakeSmtpSession;
import org.jamesmsa.contracts.MemorySuspensions;
import org.junit.jupiter.api.Test;

class AuthenticationRequiredHookTest {
    private final MemorySuspensions suspensions = new MemorySuspensions();
    private final AuthenticationRequiredHook hook = new AuthenticationRequiredHook(suspensions);

    @Test
    void mailWithoutAuthenticationIsRefusedWith530WhateverTheSender() throws Exception {
        for (MaybeSender sender : new MaybeSender[] {MaybeSender.of(new MailAddress("alice@msa.test")), MaybeSender.nullSender()}) {
            HookResult result = hook.doMail(new FakeSmtpSession(), sender);

            assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
            assertThat(result.getSmtpRetCode() + " " + result.getSmtpDescription()).isEqualTo("530 5.7.0 Authentication required");
        }
    }

    @Test
    void anAuthenticatedSessionGoesOn() throws Exception {
        FakeSmtpSession session = new FakeSmtpSession().authenticatedAs(TestAccounts.ALICE);

        assertThat(hook.doMail(session, MaybeSender.of(new MailAddress("alice@msa.test")))).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void anAccountSuspendedAfterItLoggedInSendsNothingMoreInThatSession() throws Exception {
        FakeSmtpSession session = new FakeSmtpSession().authenticatedAs(TestAccounts.ALICE);
        suspensions.with(TestAccounts.ALICE);

        HookResult result = hook.doMail(session, MaybeSender.of(new MailAddress("alice@msa.test")));

        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpRetCode() + " " + result.getSmtpDescription()).isEqualTo("550 5.7.1 Account suspended; contact the postmaster");
        assertThat(hook.doMail(new FakeSmtpSession().authenticatedAs(TestAccounts.BOB), MaybeSender.of(new MailAddress("bob@msa.test"))))
            .as("another account").isEqualTo(HookResult.DECLINED);
    }
}
