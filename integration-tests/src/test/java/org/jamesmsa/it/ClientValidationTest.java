package org.jamesmsa.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jamesmsa.it.MsaTestServer.BOB;
import static org.jamesmsa.it.MsaTestServer.BOB_PASSWORD;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.UUID;

import javax.mail.internet.MimeMessage;

import org.jamesmsa.testdns.ZoneDnsServer;
import org.jamesmsa.it.SmtpClient.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Client SMTP Validation through James with the packaged conf/: clients connect from different loopback
 * addresses whose PTR records are in a test zone served over real DNS on loopback (MSA_DNS_SERVERS). The MX
 * listener rejects prohibited names, accepts the rest, and here (MSA_CSV_ON_TEMPERROR=tempfail) defers when DNS
 * cannot answer within the budget.
 */
class ClientValidationTest {
    static final ZoneDnsServer DNS = startDns();

    @RegisterExtension
    static final MsaTestServer MSA = new MsaTestServer(Map.of(
        "MSA_DNS_SERVERS", DNS.address(),
        "MSA_CSV_ON_TEMPERROR", "tempfail"));

    private static ZoneDnsServer startDns() {
        try {
            return ZoneDnsServer.start("example.test", "0.0.127.in-addr.arpa");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopDns() {
        DNS.close();
    }

    private static SmtpClient mxFrom(String clientIp, String ehloName) throws IOException {
        SmtpClient client = SmtpClient.connect(clientIp, MSA.settingsForTests().smtpPort(), null);
        assertThat(client.ehlo(ehloName).code()).isEqualTo(250);
        return client;
    }

    private static String msaReceived(MimeMessage message) throws Exception {
        java.util.List<String> received = MsaTestServer.msaReceivedHeaders(message);
        assertThat(received).hasSize(1);
        return received.get(0);
    }

    @Test
    void validatedClientIsAcceptedAndItsVerdictTravelsWithTheMail() throws Exception {
        String subject = "pass " + UUID.randomUUID();
        try (SmtpClient client = mxFrom("127.0.0.2", "pass.example.test")) {
            Reply accepted = client.sendMail("someone@pass.example.test", BOB, "Subject: " + subject + "\r\n\r\nhello\r\n");

            assertThat(accepted.code()).as(accepted.text()).isEqualTo(250);
        }
        assertThat(msaReceived(MSA.awaitDelivered(BOB, subject)))
            .startsWith("from pass.example.test ([127.0.0.2]) (csv=pass)");
    }

    @Test
    void prohibitedNameIsRejectedAtRcptWithTheReason() throws IOException {
        try (SmtpClient client = mxFrom("127.0.0.3", "prohibited.example.test")) {
            assertThat(client.send("MAIL FROM:<someone@prohibited.example.test>").code()).isEqualTo(250);

            Reply rcpt = client.send("RCPT TO:<" + BOB + ">");

            assertThat(rcpt.code()).as(rcpt.text()).isEqualTo(550);
            assertThat(rcpt.enhancedStatus()).isEqualTo("5.7.1");
            assertThat(rcpt.text()).contains("prohibited", "SRV priority 2");
        }
    }

    @Test
    void nameWithoutRegistrationIsAcceptedAsNone() throws Exception {
        String subject = "none " + UUID.randomUUID();
        try (SmtpClient client = mxFrom("127.0.0.4", "nosrv.example.test")) {
            assertThat(client.sendMail("someone@nosrv.example.test", BOB, "Subject: " + subject + "\r\n\r\nhi\r\n").code())
                .isEqualTo(250);
        }
        assertThat(msaReceived(MSA.awaitDelivered(BOB, subject))).startsWith("from [127.0.0.4] (").contains("(csv=none)")
            .doesNotContain("nosrv");
    }

    @Test
    void impostorIsAcceptedButMarkedFail() throws Exception {
        String subject = "fail " + UUID.randomUUID();
        try (SmtpClient client = mxFrom("127.0.0.2", "impostor.example.test")) {
            assertThat(client.sendMail("someone@impostor.example.test", BOB, "Subject: " + subject + "\r\n\r\nhi\r\n").code())
                .isEqualTo(250);
        }
        assertThat(msaReceived(MSA.awaitDelivered(BOB, subject)))
            .as("a name that failed validation is not shown as the client's identity")
            .startsWith("from [127.0.0.2] (").contains("(csv=fail)").doesNotContain("impostor");
    }

    @Test
    void dnsTimeoutDefersTheClientAfterTheBudget() throws IOException {
        try (SmtpClient client = mxFrom("127.0.0.2", "host." + ZoneDnsServer.TIMEOUT + ".example.test")) {
            client.send("MAIL FROM:<someone@example.test>");

            Reply rcpt = client.send("RCPT TO:<" + BOB + ">");

            assertThat(rcpt.code()).as(rcpt.text()).isEqualTo(451);
            assertThat(rcpt.enhancedStatus()).isEqualTo("4.4.3");
            assertThat(rcpt.text()).contains("timed out");
        }
    }

    @Test
    void authenticatedSubmissionIsNeverRefusedForItsEhloName() throws IOException {
        try (SmtpClient client = SmtpClient.connect("127.0.0.3", MSA.settingsForTests().submissionPort(), MSA.clientTls())) {
            client.ehlo("prohibited.example.test");
            client.startTls("prohibited.example.test");
            assertThat(client.authPlain(BOB, BOB_PASSWORD).code()).isEqualTo(235);

            Reply accepted = client.sendMail(BOB, "friend@elsewhere.example", "Subject: from a prohibited name\r\n\r\nhi\r\n");

            assertThat(accepted.code()).as(accepted.text()).isEqualTo(250);
        }
    }
}
