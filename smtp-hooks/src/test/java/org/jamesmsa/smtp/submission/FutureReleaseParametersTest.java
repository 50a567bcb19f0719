package org.jamesmsa.smtp.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.jamesmsa.contracts.TestAccounts;
import org.jamesmsa.smtp.testing.FakeSmtpSession;
import org.junit.jupiter.api.Test;

class FutureReleaseParametersTest {
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00.250Z");

    private final FutureReleaseParameters hook = new FutureReleaseParameters(Clock.fixed(NOW, ZoneOffset.UTC));

    private static FakeSmtpSession alice() {
        return new FakeSmtpSession().authenticatedAs(TestAccounts.ALICE);
    }

    private static String reply(HookResult result) {
        return result.getSmtpRetCode() + " " + result.getSmtpDescription();
    }

    private static Instant heldUntil(FakeSmtpSession session) {
        return session.getAttachment(FutureReleaseParameters.RELEASE_AT, ProtocolSession.State.Transaction).orElse(null);
    }

    @Test
    void ehloAdvertisesTheLongestHoldAndTheLatestReleaseTime() throws Exception {
        assertThat(hook.getImplementedEsmtpFeatures(alice())).containsExactly("FUTURERELEASE 86400 2026-12-04T10:00:00Z");

        BaseHierarchicalConfiguration config = new BaseHierarchicalConfiguration();
        config.addProperty("maxHold", "3600");
        hook.init(config);
        assertThat(hook.getImplementedEsmtpFeatures(alice())).containsExactly("FUTURERELEASE 3600 2026-12-03T11:00:00Z");
    }

    @Test
    void holdForAndHoldUntilSetTheReleaseTimeOfTheTransaction() {
        FakeSmtpSession session = alice();
        assertThat(hook.doMailParameter(session, "HOLDFOR", "600")).isEqualTo(HookResult.DECLINED);
        assertThat(heldUntil(session)).isEqualTo(NOW.plusSeconds(600));

        FakeSmtpSession until = alice();
        assertThat(hook.doMailParameter(until, "HOLDUNTIL", "2026-12-03T12:30:00+01:00")).isEqualTo(HookResult.DECLINED);
        assertThat(heldUntil(until)).isEqualTo(Instant.parse("2026-12-03T11:30:00Z"));

        FakeSmtpSession past = alice();
        assertThat(hook.doMailParameter(past, "HOLDUNTIL", "2026-12-01T00:00:00Z")).isEqualTo(HookResult.DECLINED);
        assertThat(heldUntil(past)).as("a time gone by: released at once").isEqualTo(NOW);
    }

    @Test
    void aHoldBeyondTheMaximumBadSyntaxOrBothParametersAre501WithTheReason() {
        assertThat(reply(hook.doMailParameter(alice(), "HOLDFOR", "86402"))).isEqualTo("501 5.5.4 a hold is at most 86400 seconds (RFC 4865 3)");
        assertThat(reply(hook.doMailParameter(alice(), "HOLDUNTIL", "2026-12-05T00:00:00Z"))).startsWith("501 5.5.4 a hold is at most");
        assertThat(reply(hook.doMailParameter(alice(), "HOLDFOR", "-5"))).isEqualTo("501 5.5.4 HOLDFOR=-5 is not a whole number of seconds");
        assertThat(reply(hook.doMailParameter(alice(), "HOLDUNTIL", "tomorrow")))
            .isEqualTo("501 5.5.4 HOLDUNTIL=tomorrow is not an RFC 3339 time such as 2026-12-24T18:00:00Z");

        FakeSmtpSession both = alice();
        hook.doMailParameter(both, "HOLDFOR", "60");
        assertThat(reply(hook.doMailParameter(both, "HOLDUNTIL", "2026-12-03T11:00:00Z")))
            .isEqualTo("501 5.5.4 HOLDFOR and HOLDUNTIL exclude each other, and each is given once (RFC 4865 3)");
        assertThat(heldUntil(both)).as("the first one stands").isEqualTo(NOW.plusSeconds(60));
    }

    @Test
    void withoutAuthenticationItIs530() {
        assertThat(reply(hook.doMailParameter(new FakeSmtpSession(), "HOLDFOR", "60"))).isEqualTo("530 5.7.0 Authentication required");
    }

    @Test
    void aMaximumThatIsNotACountStopsTheStart() {
        BaseHierarchicalConfiguration config = new BaseHierarchicalConfiguration();
        config.addProperty("maxHold", "a day");
        assertThatThrownBy(() -> hook.init(config)).hasMessageContaining("<maxHold>").hasMessageContaining("'a day'");
    }
}
