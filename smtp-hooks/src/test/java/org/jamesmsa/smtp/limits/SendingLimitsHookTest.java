package org.jamesmsa.smtp.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.mailet.base.test.FakeMail;
import org.jamesmsa.csv.MutableClock;
import org.jamesmsa.contracts.TestAccounts;
import org.jamesmsa.contracts.TestMetrics;
import org.jamesmsa.settings.InvalidSettingException;
import org.jamesmsa.smtp.testing.FakeSmtpSession;
import org.junit.jupiter.api.Test;

class SendingLimitsHookTest {
    private final MutableClock clock = new MutableClock();
    private final RateLimiter counters = new MemoryRateLimiter(clock);
    private final TestMetrics metrics = new TestMetrics();

    private SendingLimitsHook hook(UserQuotas quotas, Set<SendingLimit> extra, String... settings) throws Exception {
        SendingLimitsHook hook = new SendingLimitsHook(counters, quotas, extra, metrics.metrics);
        BaseHierarchicalConfiguration config = new BaseHierarchicalConfiguration();
        for (int i = 0; i < settings.length; i += 2) {
            config.addProperty(settings[i], settings[i + 1]);
        }
        hook.init(config);
        return hook;
    }

    private SendingLimitsHook hook(String... settings) throws Exception {
        return hook(UserQuotas.none(), Set.of(), settings);
    }

    private static FakeSmtpSession alice() {
        return new FakeSmtpSession().authenticatedAs(TestAccounts.ALICE);
    }

    private static MaybeSender sender() throws Exception {
        return MaybeSender.of(new MailAddress("alice@msa.test"));
    }

    /** RCPT for {@code count} recipients, as James adds the accepted ones to the transaction; the last result. */
    private static HookResult rcpts(SendingLimitsHook hook, SMTPSession session, int count) throws Exception {
        HookResult result = HookResult.DECLINED;
        for (int i = 0; i < count; i++) {
            MailAddress rcpt = new MailAddress("friend" + i + "@elsewhere.example");
            result = hook.doRcpt(session, sender(), rcpt);
            if (result.getResult().equals(HookReturnCode.declined())) {
                List<MailAddress> list = new ArrayList<>(session.getAttachment(SMTPSession.RCPT_LIST, State.Transaction).orElse(List.of()));
                list.add(rcpt);
                session.setAttachment(SMTPSession.RCPT_LIST, list, State.Transaction);
            }
        }
        return result;
    }

    /** A message of {@code recipients} recipients sent to the end. */
    private static void send(SendingLimitsHook hook, SMTPSession session, int recipients) throws Exception {
        assertThat(hook.doMail(session, sender())).isEqualTo(HookResult.DECLINED);
        assertThat(rcpts(hook, session, recipients)).isEqualTo(HookResult.DECLINED);
        FakeMail.Builder mail = FakeMail.builder().name("m");
        for (int i = 0; i < recipients; i++) {
            mail.recipient("friend" + i + "@elsewhere.example");
        }
        hook.onMessage(session, mail.build());
        session.setAttachment(SMTPSession.RCPT_LIST, new ArrayList<>(), State.Transaction);
    }

    @Test
    void theRecipientPastOneHundredIs452WithItsEnhancedCode() throws Exception {
        SendingLimitsHook hook = hook();
        FakeSmtpSession session = alice();

        assertThat(rcpts(hook, session, 100)).isEqualTo(HookResult.DECLINED);
        HookResult refused = rcpts(hook, session, 1);

        assertThat(refused.getResult()).isEqualTo(HookReturnCode.denySoft());
        assertThat(refused.getSmtpRetCode()).isEqualTo("452");
        assertThat(refused.getSmtpDescription())
            .isEqualTo("4.5.3 Too many recipients: at most 100 per message; send the rest in another message");
        assertThat(metrics.count("msa_limit_refused_recipients_per_message")).isEqualTo(1);
    }

    @Test
    void aUserPastTheMessagesOfTheHourIsRefused451NamingTheLimitUntilTheHourPasses() throws Exception {
        SendingLimitsHook hook = hook("userMessagesPerHour", "3");
        for (int i = 0; i < 3; i++) {
            send(hook, alice(), 1);
        }

        HookResult refused = hook.doMail(alice(), sender());

        assertThat(refused.getSmtpRetCode()).isEqualTo("451");
        assertThat(refused.getSmtpDescription())
            .isEqualTo("4.7.1 Sending limit reached: at most 3 messages per hour for alice@msa.test; try again later");
        assertThat(metrics.count("msa_limit_refused_user_hourly")).isEqualTo(1);
        assertThat(hook.doMail(new FakeSmtpSession().authenticatedAs(TestAccounts.BOB), sender())).as("another user")
            .isEqualTo(HookResult.DECLINED);
        clock.advance(java.time.Duration.ofHours(2));
        assertThat(hook.doMail(alice(), sender())).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void recipientsOfTheHourAreCountedAcrossMessagesAndTheTransactionInProgress() throws Exception {
        SendingLimitsHook hook = hook("userRecipientsPerHour", "10");
        send(hook, alice(), 6);
        FakeSmtpSession session = alice();

        assertThat(rcpts(hook, session, 4)).isEqualTo(HookResult.DECLINED);
        HookResult refused = rcpts(hook, session, 1);

        assertThat(refused.getSmtpRetCode()).isEqualTo("451");
        assertThat(refused.getSmtpDescription()).contains("at most 10 recipients per hour for alice@msa.test");
    }

    @Test
    void aUserWithAnOverrideHasTheirOwnNumbersAndZeroThereLiftsTheLimit() throws Exception {
        UserQuotas quotas = UserQuotas.fixed(Map.of(TestAccounts.ALICE, new UserQuotas.Quota(5, 0)));
        SendingLimitsHook hook = hook(quotas, Set.of(), "userMessagesPerHour", "1", "userRecipientsPerHour", "10");
        FakeSmtpSession bob = new FakeSmtpSession().authenticatedAs(TestAccounts.BOB);
        for (int i = 0; i < 5; i++) {
            send(hook, alice(), 1);
        }
        send(hook, bob, 1);

        assertThat(hook.doMail(alice(), sender()).getSmtpDescription()).contains("at most 5 messages per hour for alice@msa.test");
        assertThat(hook.doMail(bob, sender()).getSmtpDescription()).contains("at most 1 messages per hour for bob@msa.test");
        assertThat(rcpts(hook, alice(), 100)).isEqualTo(HookResult.DECLINED);
        assertThat(rcpts(hook, bob, 9)).as("bob's standard 10 per hour, one already sent").isEqualTo(HookResult.DECLINED);
        assertThat(rcpts(hook, bob, 1).getSmtpDescription()).contains("at most 10 recipients per hour for bob@msa.test");
    }

    @Test
    void unauthenticatedClientsAreLimitedPerAddressAndUsersAreNot() throws Exception {
        SendingLimitsHook hook = hook("addressMessagesPerHour", "2");
        FakeSmtpSession mx = new FakeSmtpSession().from("198.51.100.20", 4000);
        send(hook, mx, 1);
        send(hook, mx, 1);

        assertThat(hook.doMail(new FakeSmtpSession().from("198.51.100.20", 4001), sender()).getSmtpDescription())
            .contains("at most 2 messages per hour from your address");
        assertThat(metrics.count("msa_limit_refused_address_hourly")).isEqualTo(1);
        assertThat(hook.doMail(new FakeSmtpSession().from("198.51.100.21", 4000), sender())).isEqualTo(HookResult.DECLINED);
        assertThat(hook.doMail(new FakeSmtpSession().from("198.51.100.20", 4002).authenticatedAs(TestAccounts.ALICE), sender()))
            .isEqualTo(HookResult.DECLINED);
    }

    @Test
    void zeroTurnsALimitOff() throws Exception {
        SendingLimitsHook hook = hook("recipientsPerMessage", "0", "userRecipientsPerHour", "0");

        assertThat(rcpts(hook, alice(), 500)).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void aLimitBoundInTheModuleIsAskedAfterTheConfiguredOnes() throws Exception {
        List<Integer> told = new ArrayList<>();
        SendingLimit noBob = new SendingLimit() {
            @Override
            public Optional<HookResult> atMail(LimitedClient client) {
                return client.user().filter(TestAccounts.BOB::equals).map(bob -> HookResult.DENY);
            }

            @Override
            public void accepted(LimitedClient client, int recipients) {
                told.add(recipients);
            }
        };
        SendingLimitsHook hook = hook(UserQuotas.none(), Set.of(noBob));

        send(hook, alice(), 2);

        assertThat(told).containsExactly(2);
        assertThat(hook.doMail(new FakeSmtpSession().authenticatedAs(TestAccounts.BOB), sender())).isEqualTo(HookResult.DENY);
    }

    @Test
    void aBadOrUnknownSettingStopsTheStart() {
        assertThatThrownBy(() -> hook("recipientsPerMessage", "-1")).isInstanceOf(InvalidSettingException.class)
            .hasMessage("smtpserver.xml: <recipientsPerMessage> of handler SendingLimitsHook has value '-1'; "
                + "allowed values: a whole number, 0 to turn it off");
        assertThatThrownBy(() -> hook("messagesPerHour", "5")).isInstanceOf(InvalidSettingException.class)
            .hasMessageStartingWith("smtpserver.xml: <messagesPerHour> is not a setting of handler SendingLimitsHook");
    }
}
