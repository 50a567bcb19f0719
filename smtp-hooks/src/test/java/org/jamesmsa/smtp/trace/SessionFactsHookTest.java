package org.jamesmsa.smtp.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.mailet.base.test.FakeMail;
import org.jamesmsa.csv.DnsCache;
import org.jamesmsa.csv.DnsClient;
import org.jamesmsa.testdns.ZoneDnsExtension;
import org.jamesmsa.contracts.ListenerRole;
import org.jamesmsa.contracts.SessionFact;
import org.jamesmsa.contracts.NodeId;
import org.jamesmsa.contracts.SubmissionFacts;
import org.jamesmsa.contracts.TestAccounts;
import org.jamesmsa.contracts.TestMetrics;
import org.jamesmsa.settings.InvalidSettingException;
import org.jamesmsa.smtp.csv.ClientValidationHook;
import org.jamesmsa.smtp.testing.FakeSmtpSession;
import org.jamesmsa.smtp.testing.FakeTlsSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SessionFactsHookTest {
    @RegisterExtension
    static final ZoneDnsExtension DNS = new ZoneDnsExtension("example.test", "0.0.127.in-addr.arpa");

    private static SessionFactsHook hook(String listener) throws Exception {
        SessionFactsHook hook = new SessionFactsHook();
        BaseHierarchicalConfiguration config = new BaseHierarchicalConfiguration();
        config.addProperty("listener", listener);
        hook.init(config);
        return hook;
    }

    @Test
    void everyFactOfTheSessionGoesOntoTheMail() throws Exception {
        FakeSmtpSession session = new FakeSmtpSession().from("127.0.0.2", 40123).on(465).withTls(new FakeTlsSession())
            .authenticatedAs(TestAccounts.ALICE);
        session.setAttachment(SMTPSession.CURRENT_HELO_MODE, "EHLO", State.Connection);
        session.setAttachment(SMTPSession.CURRENT_HELO_NAME, "pass.example.test", State.Connection);
        session.setAttachment(MessageStamping.TRACE_ID, "k3q7a2mfx4tb6e5w", State.Transaction);
        ClientValidationHook validation = new ClientValidationHook(new DnsClient(DnsClient.parseServers(DNS.server().address()),
            Duration.ofMillis(500), new DnsCache(10, 60, Clock.systemUTC())), new TestMetrics().metrics);
        validation.init(new BaseHierarchicalConfiguration());
        validation.doHelo(session, "pass.example.test");
        FakeMail mail = FakeMail.defaultFakeMail();

        hook("submissions").onMessage(session, mail);

        assertThat(SubmissionFacts.from(mail)).contains(SubmissionFacts.builder(ListenerRole.SUBMISSIONS)
            .with(SessionFact.LOCAL_PORT, 465).with(SessionFact.CLIENT_PORT, 40123).with(SessionFact.SESSION_ID, "session-1")
            .with(SessionFact.ACCEPTED_BY, NodeId.current())
            .with(SessionFact.HELO_MODE, "EHLO").with(SessionFact.HELO_NAME, "pass.example.test")
            .with(SessionFact.TRACE_ID, "k3q7a2mfx4tb6e5w").with(SessionFact.TLS_PROTOCOL, "TLSv1.3")
            .with(SessionFact.TLS_CIPHER, "TLS_AES_256_GCM_SHA384").with(SessionFact.CSV_VERDICT, "pass")
            .with(SessionFact.CSV_REASON, ClientValidationHook.resultOf(session).orElseThrow().reason())
            .with(SessionFact.CSV_NAME, "pass.example.test").with(SessionFact.AUTH_USER, "alice@msa.test").build());
    }

    @Test
    void anMxSessionInClearWithoutValidationHasOnlyWhatItHad() throws Exception {
        FakeMail mail = FakeMail.defaultFakeMail();

        hook("mx").onMessage(new FakeSmtpSession().on(25), mail);

        SubmissionFacts facts = SubmissionFacts.from(mail).orElseThrow();
        assertThat(facts.listener()).isEqualTo(ListenerRole.MX);
        assertThat(facts.text(SessionFact.TLS_PROTOCOL)).isEmpty();
        assertThat(facts.text(SessionFact.CSV_VERDICT)).isEmpty();
        assertThat(facts.authUser()).isEmpty();
    }

    @Test
    void theListenerRoleIsRequiredAndChecked() {
        assertThatThrownBy(() -> hook("relay")).isInstanceOf(InvalidSettingException.class)
            .hasMessage("smtpserver.xml: <listener> of handler SessionFactsHook has value 'relay'; allowed values: mx, submission, submissions");
        assertThatThrownBy(() -> new SessionFactsHook().init(new BaseHierarchicalConfiguration()))
            .hasMessageStartingWith("smtpserver.xml: <listener> of handler SessionFactsHook is required");
    }
}
