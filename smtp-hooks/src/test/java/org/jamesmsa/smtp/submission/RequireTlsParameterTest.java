package org.jamesmsa.smtp.submission;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.jamesmsa.contracts.TestAccounts;
import org.jamesmsa.smtp.testing.FakeSmtpSession;
import org.jamesmsa.smtp.testing.FakeTlsSession;
import org.junit.jupiter.api.Test;

class RequireTlsParameterTest {
    private final RequireTlsParameter hook = new RequireTlsParameter();

    @Test
    void offeredOnlyOnceTheSessionIsEncrypted() {
        assertThat(hook.getImplementedEsmtpFeatures(new FakeSmtpSession())).isEmpty();
        assertThat(hook.getImplementedEsmtpFeatures(new FakeSmtpSession().withTls(new FakeTlsSession()))).containsExactly("REQUIRETLS");
    }

    @Test
    void mailWithRequireTlsMarksTheTransaction() {
        FakeSmtpSession session = new FakeSmtpSession().withTls(new FakeTlsSession()).authenticatedAs(TestAccounts.ALICE);

        assertThat(hook.doMailParameter(session, "REQUIRETLS", null)).isEqualTo(HookResult.DECLINED);

        assertThat(session.getAttachment(RequireTlsParameter.REQUIRED, ProtocolSession.State.Transaction)).contains(true);
    }

    @Test
    void inClearItIs530With5710AndWithAValue501() {
        HookResult clear = hook.doMailParameter(new FakeSmtpSession(), "REQUIRETLS", null);
        assertThat(clear.getSmtpRetCode() + " " + clear.getSmtpDescription())
            .isEqualTo("530 5.7.10 REQUIRETLS needs an encrypted session (RFC 8689 4.1)");

        HookResult valued = hook.doMailParameter(new FakeSmtpSession().withTls(new FakeTlsSession()), "REQUIRETLS", "yes");
        assertThat(valued.getSmtpRetCode() + " " + valued.getSmtpDescription()).isEqualTo("501 5.5.4 REQUIRETLS takes no value");
    }
}
