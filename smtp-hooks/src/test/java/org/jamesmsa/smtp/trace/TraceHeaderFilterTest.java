package org.jamesmsa.smtp.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.james.core.MailAddress;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.ReceivedDataLineFilter.Header;
import org.jamesmsa.model.TestAccounts;
import org.jamesmsa.smtp.testing.FakeSmtpSession;
import org.jamesmsa.smtp.testing.FakeTlsSession;
import org.junit.jupiter.api.Test;

class TraceHeaderFilterTest {

    private static TraceHeaderFilter filter(boolean showLogin) throws Exception {
        TraceHeaderFilter filter = new TraceHeaderFilter();
        BaseHierarchicalConfiguration config = new BaseHierarchicalConfiguration();
        config.addProperty("showLogin", Boolean.toString(showLogin));
        filter.init(config);
        return filter;
    }

    private static FakeSmtpSession ehlo(FakeSmtpSession session) throws Exception {
        session.setAttachment(SMTPSession.CURRENT_HELO_MODE, "EHLO", State.Connection);
        session.setAttachment(SMTPSession.RCPT_LIST, List.of(new MailAddress("friend@elsewhere.example")), State.Transaction);
        return session;
    }

    private static String received(List<Header> headers) {
        Header received = headers.get(0);
        assertThat(received.name).isEqualTo("Received");
        return String.join("\n", received.values);
    }

    @Test
    void anAuthenticatedTlsSubmissionIsEsmtpsaWithTheCipherTheTokenAndTheRecipient() throws Exception {
        FakeSmtpSession session = ehlo(new FakeSmtpSession().withTls(new FakeTlsSession()).authenticatedAs(TestAccounts.ALICE));

        List<Header> headers = new ArrayList<>(filter(false).headers(session));

        String traceId = session.getAttachment(TraceHeaderFilter.TRACE_ID, State.Transaction).orElseThrow();
        assertThat(traceId).matches("[a-z2-7]{16}");
        assertThat(received(headers))
            .startsWith("from [192.0.2.7] ([192.0.2.7])\nby msa.example.org (james-msa) with ESMTPSA (using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384)\nid " + traceId + "\nfor <friend@elsewhere.example>;\n")
            .doesNotContain("alice");
        assertThat(headers.get(1).name).isEqualTo("X-MSA-Trace");
        assertThat(headers.get(1).values).containsExactly(traceId);
    }

    @Test
    void theTypeFollowsRfc3848AndTheLoginIsShownOnlyWhenAskedFor() throws Exception {
        assertThat(received(new ArrayList<>(filter(false).headers(ehlo(new FakeSmtpSession()))))).contains("with ESMTP\n");
        assertThat(received(new ArrayList<>(filter(false).headers(ehlo(new FakeSmtpSession().withTls(new FakeTlsSession()))))))
            .contains("with ESMTPS (using");
        assertThat(received(new ArrayList<>(filter(false).headers(new FakeSmtpSession())))).as("after HELO").contains("with SMTP\n");
        assertThat(received(new ArrayList<>(filter(true).headers(ehlo(new FakeSmtpSession().authenticatedAs(TestAccounts.ALICE))))))
            .contains("with ESMTPA\n(Authenticated sender: alice@msa.test)\n");
    }

    @Test
    void theMsaHeadersComeFirstThenAClientsOwnTraceHeaderIsRenamedAndOtherHeadersPassUnchanged() throws Exception {
        List<String> passed = new ArrayList<>();
        LineHandler<SMTPSession> next = (session, line) -> {
            passed.add(new String(line, StandardCharsets.ISO_8859_1));
            return null;
        };
        TraceHeaderFilter filter = filter(false);
        FakeSmtpSession session = new FakeSmtpSession();

        filter.onHeadersLine(session, "x-msa-trace: forged\r\n".getBytes(StandardCharsets.ISO_8859_1), next);
        filter.onHeadersLine(session, "X-Mailer: test\r\n".getBytes(StandardCharsets.ISO_8859_1), next);
        filter.onHeadersLine(session, "Subject: X-MSA-Trace: not a header\r\n".getBytes(StandardCharsets.ISO_8859_1), next);

        assertThat(passed.get(0)).startsWith("Received: from [192.0.2.7] ([192.0.2.7])");
        assertThat(passed).filteredOn(line -> line.startsWith("X-MSA-Trace: ")).hasSize(1);
        assertThat(passed).endsWith("X-MSA-Trace-Forged: forged\r\n", "X-Mailer: test\r\n", "Subject: X-MSA-Trace: not a header\r\n");
    }

    @Test
    void traceTokensAreUnique() {
        assertThat(java.util.stream.IntStream.range(0, 1000).mapToObj(i -> TraceHeaderFilter.newTraceId()).distinct()).hasSize(1000);
    }
}
