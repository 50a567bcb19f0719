package org.jamesmsa.smtp.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.mailet.base.test.FakeMail;
import org.jamesmsa.model.MsaAttributes;
import org.jamesmsa.model.TestAccounts;
import org.jamesmsa.settings.InvalidSettingException;
import org.jamesmsa.smtp.testing.FakeSmtpSession;
import org.junit.jupiter.api.Test;

class HeaderFromPolicyHookTest {
    private static HeaderFromPolicyHook hook(String policy) throws Exception {
        TestAccounts accounts = TestAccounts.create();
        HeaderFromPolicyHook hook = new HeaderFromPolicyHook(accounts.users, accounts.canSendFrom);
        BaseHierarchicalConfiguration config = new BaseHierarchicalConfiguration();
        if (policy != null) {
            config.addProperty("policy", policy);
        }
        hook.init(config);
        return hook;
    }

    private static FakeMail from(String from) throws Exception {
        return FakeMail.builder().name("m").mimeMessage(MimeMessageBuilder.mimeMessageBuilder().addFrom(from).setText("hi")).build();
    }

    private static FakeSmtpSession alice() {
        return new FakeSmtpSession().authenticatedAs(TestAccounts.ALICE);
    }

    @Test
    void byDefaultAForeignFromAsksForASenderHeaderAndTheUsersOwnOrAliasDoNot() throws Exception {
        HeaderFromPolicyHook hook = hook(null);
        FakeMail foreign = from("boss@elsewhere.example");
        FakeMail own = from("Alice <alice@msa.test>");
        FakeMail alias = from(TestAccounts.ALICE_ALIAS);

        for (FakeMail mail : new FakeMail[] {foreign, own, alias}) {
            assertThat(hook.onMessage(alice(), mail)).isEqualTo(HookResult.DECLINED);
        }

        assertThat(foreign.getAttribute(MsaAttributes.SENDER_HEADER)).hasValueSatisfying(a -> assertThat(a.getValue().value()).isEqualTo("alice@msa.test"));
        assertThat(own.getAttribute(MsaAttributes.SENDER_HEADER)).isEmpty();
        assertThat(alias.getAttribute(MsaAttributes.SENDER_HEADER)).isEmpty();
    }

    @Test
    void rejectRefusesAForeignFromWith550AndAcceptLeavesItAlone() throws Exception {
        HookResult refused = hook("reject").onMessage(alice(), from("bob@msa.test"));
        FakeMail accepted = from("bob@msa.test");

        assertThat(refused.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(refused.getSmtpRetCode()).isEqualTo("550");
        assertThat(refused.getSmtpDescription())
            .isEqualTo("5.7.1 From header bob@msa.test is not an address of alice@msa.test; send with one of your own addresses");
        assertThat(hook("accept").onMessage(alice(), accepted)).isEqualTo(HookResult.DECLINED);
        assertThat(accepted.getAttribute(MsaAttributes.SENDER_HEADER)).isEmpty();
        assertThat(hook("reject").onMessage(new FakeSmtpSession(), from("bob@msa.test"))).as("MX mail").isEqualTo(HookResult.DECLINED);
    }

    @Test
    void anUnknownPolicyStopsTheStart() {
        assertThatThrownBy(() -> hook("bounce")).isInstanceOf(InvalidSettingException.class)
            .hasMessage("smtpserver.xml: <policy> of handler HeaderFromPolicyHook has value 'bounce'; allowed values: accept, sender, reject");
    }
}
