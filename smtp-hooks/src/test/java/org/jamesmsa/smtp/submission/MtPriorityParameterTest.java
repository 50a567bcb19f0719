package org.jamesmsa.smtp.submission;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.jamesmsa.smtp.testing.FakeSmtpSession;
import org.junit.jupiter.api.Test;

class MtPriorityParameterTest {
    private final MtPriorityParameter hook = new MtPriorityParameter();

    @Test
    void offeredWithTheMixerPolicyAndAPriorityFromMinusNineToNineIsKept() {
        assertThat(hook.getImplementedEsmtpFeatures(new FakeSmtpSession())).containsExactly("MT-PRIORITY MIXER");
        for (String value : new String[] {"-9", "0", "+4", "9"}) {
            FakeSmtpSession session = new FakeSmtpSession();
            assertThat(hook.doMailParameter(session, "MT-PRIORITY", value)).isEqualTo(HookResult.DECLINED);
            assertThat(session.getAttachment(MtPriorityParameter.PRIORITY, ProtocolSession.State.Transaction))
                .contains(Integer.parseInt(value));
        }
    }

    @Test
    void anythingElseIs501NamingTheRange() {
        for (String value : new String[] {"10", "-10", "high", "", "1.5"}) {
            HookResult result = hook.doMailParameter(new FakeSmtpSession(), "MT-PRIORITY", value);
            assertThat(result.getSmtpRetCode() + " " + result.getSmtpDescription())
                .isEqualTo("501 5.5.4 MT-PRIORITY is a whole number from -9 to 9 (RFC 6710 3), not '" + value + "'");
        }
    }

    @Test
    void theQueuePriorityRunsFromJamesLowestToItsHighestWithZeroAsItsNormal() {
        assertThat(MtPriorityParameter.queuePriority(-9)).isZero();
        assertThat(MtPriorityParameter.queuePriority(0)).isEqualTo(5);
        assertThat(MtPriorityParameter.queuePriority(9)).isEqualTo(9);
        assertThat(MtPriorityParameter.queuePriority(-1)).isLessThan(MtPriorityParameter.queuePriority(1));
    }
}
