package org.jamesmsa.smtp.mx;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.protocols.api.BaseRequest;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.jamesmsa.smtp.testing.FakeSmtpSession;
import org.jamesmsa.smtp.testing.FakeTlsSession;
import org.junit.jupiter.api.Test;

class AuthNotOfferedHandlerTest {
    private final AuthNotOfferedHandler handler = new AuthNotOfferedHandler();

    @Test
    void authIsRefusedWith503InClearAndOverTls() {
        for (FakeSmtpSession session : new FakeSmtpSession[] {new FakeSmtpSession().on(25),
                new FakeSmtpSession().on(25).withTls(new FakeTlsSession())}) {
            assertThat(handler.onCommand(session, new BaseRequest("AUTH", "PLAIN AGFsaWNlAHNlY3JldA==")).getLines())
                .containsExactly("503 5.5.1 Authentication not enabled on this port; submit mail on the submission port (587 or 465)");
            assertThat(session.getUsername()).isNull();
        }
    }

    @Test
    void theAuthParameterOfMailIsAcceptedAndIgnored() {
        assertThat(handler.getMailParamNames()).containsExactly("AUTH");
        assertThat(handler.doMailParameter(new FakeSmtpSession(), "AUTH", "<>")).isEqualTo(HookResult.DECLINED);
    }
}
