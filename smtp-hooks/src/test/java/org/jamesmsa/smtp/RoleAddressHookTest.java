package org.jamesmsa.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.jamesmsa.contracts.TestAccounts;
import org.jamesmsa.smtp.testing.FakeSmtpSession;
import org.junit.jupiter.api.Test;

class RoleAddressHookTest {
    private static HookResult rcpt(String address) throws Exception {
        return new RoleAddressHook(TestAccounts.create().domains)
            .doRcpt(new FakeSmtpSession().on(25), MaybeSender.of(new MailAddress("reporter@elsewhere.example")), new MailAddress(address));
    }

    @Test
    void postmasterAndAbuseOfALocalDomainAreAcceptedWithoutAnAccount() throws Exception {
        for (String role : new String[] {"postmaster@msa.test", "Abuse@alias.test"}) {
            HookResult accepted = rcpt(role);
            assertThat(accepted.getResult()).isEqualTo(HookReturnCode.ok());
            assertThat(accepted.getSmtpRetCode()).isEqualTo("250");
            assertThat(accepted.getSmtpDescription()).isEqualTo("2.1.5 Recipient <" + role + "> OK");
        }
    }

    @Test
    void otherAddressesAndOtherDomainsAreLeftToTheRecipientCheck() throws Exception {
        assertThat(rcpt("postmaster@elsewhere.example")).isEqualTo(HookResult.DECLINED);
        assertThat(rcpt("webmaster@msa.test")).isEqualTo(HookResult.DECLINED);
        assertThat(rcpt("alice@msa.test")).isEqualTo(HookResult.DECLINED);
    }
}
