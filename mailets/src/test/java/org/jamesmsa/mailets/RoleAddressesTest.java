package org.jamesmsa.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.jamesmsa.contracts.TestAccounts;
import org.jamesmsa.settings.InvalidSettingException;
import org.junit.jupiter.api.Test;

class RoleAddressesTest {
    private static RoleAddresses mailet(String mailbox) throws Exception {
        TestAccounts accounts = TestAccounts.create();
        accounts.domains.addDomain(Domain.of("second.test"));
        RoleAddresses mailet = new RoleAddresses(accounts.domains);
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("RoleAddresses");
        if (mailbox != null) {
            config.setProperty("mailbox", mailbox);
        }
        mailet.init(config.build());
        return mailet;
    }

    @Test
    void postmasterAndAbuseOfEveryLocalDomainGoToTheMailboxOnceAndTheRestStays() throws Exception {
        FakeMail mail = FakeMail.builder().name("m").recipients("Postmaster@second.test", "abuse@msa.test", "alice@msa.test",
            "postmaster@elsewhere.example").build();

        mailet("bob@msa.test").service(mail);

        assertThat(mail.getRecipients()).containsExactly(new MailAddress("bob@msa.test"), new MailAddress("alice@msa.test"),
            new MailAddress("postmaster@elsewhere.example"));
    }

    @Test
    void theMailboxIsRequiredAndMustBeAnAddress() {
        assertThatThrownBy(() -> mailet(null)).isInstanceOf(InvalidSettingException.class)
            .hasMessage("mailetcontainer.xml: <mailbox> of mailet RoleAddresses is required; allowed values: a mail address such as postmaster@example.org");
        assertThatThrownBy(() -> mailet("postmaster")).hasMessageContaining("has value 'postmaster'");
    }
}
