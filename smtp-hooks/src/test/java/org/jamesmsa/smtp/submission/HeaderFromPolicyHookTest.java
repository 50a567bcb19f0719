package org.jamesmsa.smtp.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.mailet.base.test.FakeMail;
import org.jamesmsa.contracts.TestAccounts;
import org.jamesmsa.settings.InvalidSettingException;
import org.jamesmsa.smtp.testing.FakeSmtpSession;
import org.jamesmsa.smtp.trace.MessageStamping;
import org.jamesmsa.smtp.trace.MessageStampingTest;
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

    private static FakeSmtpSession alice() {
        return new FakeSmtpSession().authenticatedAs(TestAccounts.ALICE);
    }

    /** The message as it leaves the From policy and the stamping, which writes the Sender the policy asks for. */
    private static String submitted(HeaderFromPolicyHook hook, FakeSmtpSession session, String from) throws Exception {
        return MessageStampingTest.stream(session, from + "Sender: forged@elsewhere.example\r\n\r\nhi\r\n", hook, stamping());
    }

    private static MessageStamping stamping() throws Exception {
        MessageStamping stamping = new MessageStamping();
        stamping.init(new BaseHierarchicalConfiguration());
        return stamping;
    }

    private static FakeMail mail() throws Exception {
        return FakeMail.builder().name("m").mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setText("hi")).build();
    }

    @Test
    void byDefaultAForeignFromGetsTheUsersSenderAndTheUsersOwnOrAliasDoNot() throws Exception {
        HeaderFromPolicyHook hook = hook(null);

        assertThat(submitted(hook, alice(), "From: Boss\r\n <boss@elsewhere.example>\r\n"))
            .contains("\r\nSender: alice@msa.test\r\n").doesNotContain("forged");
        assertThat(submitted(hook, alice(), "From: x@msa.test\r\nFrom: alice@msa.test\r\n")).as("two From fields name no author")
            .contains("\r\nSender: alice@msa.test\r\n");
        assertThat(submitted(hook, alice(), "From: Alice <alice@msa.test>\r\n")).contains("Sender: forged@elsewhere.example")
            .doesNotContain("Sender: alice");
        assertThat(submitted(hook, alice(), "From: " + TestAccounts.ALICE_ALIAS + "\r\n")).doesNotContain("Sender: alice");
        FakeSmtpSession session = alice();
        submitted(hook, session, "From: boss@elsewhere.example\r\n");
        assertThat(hook.onMessage(session, mail())).as("sender policy accepts").isEqualTo(HookResult.DECLINED);
    }

    @Test
    void rejectRefusesAForeignFromWith550AndAcceptLeavesItAlone() throws Exception {
        FakeSmtpSession refusedSession = alice();
        HeaderFromPolicyHook reject = hook("reject");
        submitted(reject, refusedSession, "From: bob@msa.test\r\n");
        HookResult refused = reject.onMessage(refusedSession, mail());

        assertThat(refused.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(refused.getSmtpRetCode()).isEqualTo("550");
        assertThat(refused.getSmtpDescription())
            .isEqualTo("5.7.1 From header bob@msa.test is not an address of alice@msa.test; send with one of your own addresses");
        FakeSmtpSession accepted = alice();
        assertThat(submitted(hook("accept"), accepted, "From: bob@msa.test\r\n")).doesNotContain("Sender: alice");
        assertThat(hook("accept").onMessage(accepted, mail())).isEqualTo(HookResult.DECLINED);
        FakeSmtpSession mx = new FakeSmtpSession();
        submitted(reject, mx, "From: bob@msa.test\r\n");
        assertThat(reject.onMessage(mx, mail())).as("MX mail").isEqualTo(HookResult.DECLINED);
    }

    @Test
    void anUnknownPolicyStopsTheStart() {
        assertThatThrownBy(() -> hook("bounce")).isInstanceOf(InvalidSettingException.class)
            .hasMessage("smtpserver.xml: <policy> of handler HeaderFromPolicyHook has value 'bounce'; allowed values: accept, sender, reject");
    }
}
