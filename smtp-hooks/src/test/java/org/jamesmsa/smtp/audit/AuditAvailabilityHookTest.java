package org.jamesmsa.smtp.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.mailet.base.test.FakeMail;
import org.jamesmsa.contracts.AuditHealth;
import org.jamesmsa.contracts.TestAccounts;
import org.jamesmsa.contracts.TestMetrics;
import org.jamesmsa.smtp.testing.FakeSmtpSession;
import org.junit.jupiter.api.Test;

class AuditAvailabilityHookTest {
    private final AuditHealth health = new AuditHealth();
    private final TestMetrics metrics = new TestMetrics();
    private final AuditAvailabilityHook hook = new AuditAvailabilityHook(health, metrics.metrics);

    @Test
    void whileRecordsCannotBeWrittenMessagesAreRefused451AndAcceptedAgainOnceTheyCan() throws Exception {
        FakeSmtpSession session = new FakeSmtpSession().authenticatedAs(TestAccounts.ALICE);
        assertThat(hook.onMessage(session, FakeMail.defaultFakeMail())).isEqualTo(HookResult.DECLINED);

        health.failed("java.io.IOException: No space left on device");
        HookResult refused = hook.onMessage(session, FakeMail.defaultFakeMail());

        assertThat(refused.getResult()).isEqualTo(HookReturnCode.denySoft());
        assertThat(refused.getSmtpRetCode()).isEqualTo("451");
        assertThat(refused.getSmtpDescription()).isEqualTo("4.3.0 Cannot record this message for accountability now; try again later");
        assertThat(metrics.count("msa_audit_unavailable_refused")).isEqualTo(1);

        health.written();
        assertThat(hook.onMessage(session, FakeMail.defaultFakeMail())).isEqualTo(HookResult.DECLINED);
    }
}
