package org.jamesmsa.smtp.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.jamesmsa.csv.DnsCache;
import org.jamesmsa.csv.DnsClient;
import org.jamesmsa.csv.Verdict;
import org.jamesmsa.testdns.ZoneDnsExtension;
import org.jamesmsa.contracts.TestAccounts;
import org.jamesmsa.smtp.testing.FakeSmtpSession;
import org.jamesmsa.contracts.TestMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The hook over a real DNS server on loopback, answering from the zone files of the validator's tests. */
class ClientValidationHookTest {
    @RegisterExtension
    static final ZoneDnsExtension DNS = new ZoneDnsExtension("example.test", "0.0.127.in-addr.arpa");

    private final TestMetrics metrics = new TestMetrics();

    private ClientValidationHook hook(String... settings) throws Exception {
        ClientValidationHook hook = new ClientValidationHook(new DnsClient(DnsClient.parseServers(DNS.server().address()),
            Duration.ofMillis(500), new DnsCache(100, 3600, Clock.systemUTC())), metrics.metrics);
        BaseHierarchicalConfiguration config = new BaseHierarchicalConfiguration();
        for (int i = 0; i < settings.length; i += 2) {
            config.addProperty(settings[i], settings[i + 1]);
        }
        hook.init(config);
        return hook;
    }

    private static HookResult rcpt(ClientValidationHook hook, FakeSmtpSession session) throws Exception {
        return hook.doRcpt(session, MaybeSender.of(new MailAddress("sender@elsewhere.example")), new MailAddress("bob@msa.test"));
    }

    @Test
    void aPassingNameIsRecordedForTheSessionAndAccepted() throws Exception {
        ClientValidationHook hook = hook();
        FakeSmtpSession session = new FakeSmtpSession().from("127.0.0.2", 40000);

        assertThat(hook.doHelo(session, "pass.example.test")).isEqualTo(HookResult.DECLINED);

        assertThat(ClientValidationHook.resultOf(session).orElseThrow().verdict()).isEqualTo(Verdict.PASS);
        assertThat(ClientValidationHook.resultOf(session).orElseThrow().validatedName()).contains("pass.example.test");
        assertThat(rcpt(hook, session)).isEqualTo(HookResult.DECLINED);
        assertThat(metrics.count("msa_csv_pass")).isEqualTo(1);
    }

    @Test
    void aProhibitedNameIsRefusedAtRcptWith550ByDefault() throws Exception {
        ClientValidationHook hook = hook();
        FakeSmtpSession session = new FakeSmtpSession().from("127.0.0.3", 40000);
        hook.doHelo(session, "prohibited.example.test");

        HookResult result = rcpt(hook, session);

        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpRetCode() + " " + result.getSmtpDescription()).startsWith("550 5.7.1 Client host rejected: EHLO name prohibited");
    }

    @Test
    void anAuthenticatedClientIsNeverRefusedForItsName() throws Exception {
        ClientValidationHook hook = hook();
        FakeSmtpSession session = new FakeSmtpSession().from("127.0.0.3", 40000).authenticatedAs(TestAccounts.ALICE);
        hook.doHelo(session, "prohibited.example.test");

        assertThat(rcpt(hook, session)).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void eachVerdictTakesTheActionTheListenerConfigures() throws Exception {
        ClientValidationHook hook = hook("onNone", "tempfail", "onFail", "reject");
        FakeSmtpSession none = new FakeSmtpSession().from("127.0.0.4", 40000);
        FakeSmtpSession fail = new FakeSmtpSession().from("127.0.0.9", 40000);
        hook.doHelo(none, "nosrv.example.test");
        hook.doHelo(fail, "pass.example.test");

        assertThat(rcpt(hook, none).getSmtpRetCode() + " " + rcpt(hook, none).getSmtpDescription())
            .startsWith("451 4.4.3 Client host name cannot be validated now");
        assertThat(rcpt(hook, fail).getSmtpRetCode()).isEqualTo("550");
    }

    @Test
    void validationCanBeTurnedOffAndThenLeavesNoVerdict() throws Exception {
        ClientValidationHook hook = hook("validate", "false");
        FakeSmtpSession session = new FakeSmtpSession().from("127.0.0.3", 40000);

        hook.doHelo(session, "prohibited.example.test");

        assertThat(ClientValidationHook.resultOf(session)).isEmpty();
        assertThat(rcpt(hook, session)).isEqualTo(HookResult.DECLINED);
        assertThat(DNS.server().queryLog()).isEmpty();
    }

    @Test
    void aNewEhloReplacesTheVerdictOfThePreviousOne() throws Exception {
        ClientValidationHook hook = hook();
        FakeSmtpSession session = new FakeSmtpSession().from("127.0.0.2", 40000);
        hook.doHelo(session, "pass.example.test");

        hook.doHelo(session, "[127.0.0.2]");

        assertThat(ClientValidationHook.resultOf(session).orElseThrow().verdict()).isEqualTo(Verdict.FAIL);
    }
}
