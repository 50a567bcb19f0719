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
import org.apache.james.protocols.smtp.core.SeparatingDataLineFilter;
import org.jamesmsa.contracts.TestAccounts;
import org.jamesmsa.smtp.testing.FakeSmtpSession;
import org.jamesmsa.smtp.testing.FakeTlsSession;
import org.junit.jupiter.api.Test;

public class MessageStampingTest {

    static MessageStamping filter(boolean showLogin) throws Exception {
        MessageStamping filter = new MessageStamping();
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

        String traceId = session.getAttachment(MessageStamping.TRACE_ID, State.Transaction).orElseThrow();
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

    /** The message as the filters pass it on: each line through {@code filters} in order, as James chains them. */
    public static String stream(FakeSmtpSession session, String message, SeparatingDataLineFilter... filters) {
        StringBuilder passed = new StringBuilder();
        LineHandler<SMTPSession> chain = (s, line) -> {
            passed.append(new String(line, StandardCharsets.UTF_8));
            return null;
        };
        for (int i = filters.length - 1; i >= 0; i--) {
            SeparatingDataLineFilter filter = filters[i];
            LineHandler<SMTPSession> next = chain;
            chain = (s, line) -> filter.onLine(s, line, next);
        }
        for (String line : (message + ".\r\n").split("(?<=\r\n)")) {
            chain.onLine(session, line.getBytes(StandardCharsets.UTF_8));
        }
        return passed.toString();
    }

    @Test
    void theMsaHeadersComeFirstThenAClientsOwnTraceHeaderIsRenamedAndOtherHeadersPassUnchanged() throws Exception {
        String passed = stream(new FakeSmtpSession(), "x-msa-trace: forged\r\nX-Mailer: test\r\n"
            + "Subject: X-MSA-Trace: not a header\r\n\r\nbody\r\n", filter(false));

        assertThat(passed).startsWith("Received: from [192.0.2.7] ([192.0.2.7])");
        assertThat(passed.lines().filter(line -> line.startsWith("X-MSA-Trace: "))).hasSize(1);
        assertThat(passed).endsWith("X-MSA-Trace-Forged: forged\r\nX-Mailer: test\r\nSubject: X-MSA-Trace: not a header\r\n"
            + "\r\nbody\r\n.\r\n");
    }

    @Test
    void anAuthenticatedSubmissionWithoutMessageIdAndDateGetsBothAtTheEndOfItsHeaderSection() throws Exception {
        String passed = stream(new FakeSmtpSession().authenticatedAs(TestAccounts.ALICE),
            "From: alice@msa.test\r\nSubject: hi\r\n\r\nbody\r\n", filter(false));

        String headers = passed.substring(passed.indexOf("From:"), passed.indexOf("\r\n\r\n") + 2);
        assertThat(headers).matches("From: alice@msa.test\r\nSubject: hi\r\n"
            + "Message-ID: <[0-9a-f-]{36}@msa\\.example\\.org>\r\n"
            + "Date: \\w{3}, \\d{1,2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} [+-]\\d{4}\r\n");
        assertThat(passed).endsWith("\r\n\r\nbody\r\n.\r\n").doesNotContain("Sender:");
    }

    @Test
    void whatTheClientWroteIsKeptAndAMessageWithoutBodyIsFixedUpToo() throws Exception {
        FakeSmtpSession session = new FakeSmtpSession().authenticatedAs(TestAccounts.ALICE);
        String kept = stream(session, "Message-ID: <own@client.example>\r\nDate: Mon, 23 Nov 2026 10:00:00 +0100\r\n"
            + "Sender: alice@msa.test\r\n\r\nbody\r\n", filter(false));
        String headersOnly = stream(new FakeSmtpSession().authenticatedAs(TestAccounts.ALICE), "Subject: no body\r\n", filter(false));

        assertThat(kept).endsWith("Message-ID: <own@client.example>\r\nDate: Mon, 23 Nov 2026 10:00:00 +0100\r\n"
            + "Sender: alice@msa.test\r\n\r\nbody\r\n.\r\n");
        assertThat(headersOnly).contains("Subject: no body\r\nMessage-ID: <").endsWith("\r\n.\r\n").contains("\r\nDate: ");
    }

    @Test
    void mxMailKeepsEveryHeaderAsItCame() throws Exception {
        String message = "From: someone@elsewhere.example\r\nSender: list@elsewhere.example\r\n\r\nbody\r\n";

        String passed = stream(new FakeSmtpSession(), message, filter(false));

        assertThat(passed.substring(passed.indexOf("From:"))).isEqualTo(message + ".\r\n");
    }

    @Test
    void traceTokensAreUnique() {
        assertThat(java.util.stream.IntStream.range(0, 1000).mapToObj(i -> MessageStamping.newTraceId()).distinct()).hasSize(1000);
    }
}
