package org.jamesmsa.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jamesmsa.it.MsaTestServer.ALICE;
import static org.jamesmsa.it.MsaTestServer.ALICE_PASSWORD;
import static org.jamesmsa.it.MsaTestServer.BOB;

import java.util.Map;
import java.util.UUID;

import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The opt-in login in the Received header (MessageStamping showLogin, as Postfix's smtpd_sasl_authenticated_header),
 * and the From policies of the submission listeners (RFC 6409 8.1): sender on 587 (the default), reject on 465.
 */
class OptInTraceTest {

    @RegisterExtension
    static final MsaTestServer MSA = new MsaTestServer().withConfChanges(Map.of(
        "smtpserver.xml", Map.of("<showLogin>false</showLogin>", "<showLogin>true</showLogin>",
            "<handler class=\"org.jamesmsa.smtp.submission.SenderAuthorizationHook\"/>\n            <handler class=\"org.jamesmsa.smtp.submission.HeaderFromPolicyHook\">\n                <policy>sender</policy>",
            "<handler class=\"org.jamesmsa.smtp.submission.SenderAuthorizationHook\"/>\n            <handler class=\"org.jamesmsa.smtp.submission.HeaderFromPolicyHook\">\n                <policy>reject</policy>")));

    private static MimeMessage submit(String from) throws Exception {
        String subject = "opt-in " + UUID.randomUUID();
        try (SmtpClient client = MSA.submissionAfterStartTls()) {
            client.authPlain(ALICE, ALICE_PASSWORD);
            assertThat(client.sendMail(ALICE, "friend@elsewhere.example", "From: " + from + "\r\nSubject: " + subject + "\r\n\r\nhi\r\n").code())
                .isEqualTo(250);
        }
        return MSA.awaitRelayed(subject);
    }

    @Test
    void loginIsShownInTheReceivedHeaderWhenAskedFor() throws Exception {
        assertThat(MsaTestServer.msaReceivedHeaders(submit(ALICE))).singleElement().asString().contains("(Authenticated sender: " + ALICE + ")");
    }

    @Test
    void senderIsAddedWhenFromIsAnotherUsersAddress() throws Exception {
        assertThat(submit(BOB).getHeader("Sender")).containsExactly(ALICE);
    }

    @Test
    void senderIsNotAddedWhenFromIsTheUsersOwnAlias() throws Exception {
        assertThat(submit("Alice Smith <" + MsaTestServer.ALICE_ALIAS + ">").getHeader("Sender")).isNull();
    }

    @Test
    void theRejectPolicyRefusesAFromTheUserDoesNotOwnWith550() throws Exception {
        try (SmtpClient client = MSA.submissions()) {
            client.authPlain(ALICE, ALICE_PASSWORD);
            assertThat(client.sendMail(ALICE, "friend@elsewhere.example", "From: " + BOB + "\r\nSubject: spoof\r\n\r\nhi\r\n").lines())
                .containsExactly("550 5.7.1 From header " + BOB + " is not an address of " + ALICE + "; send with one of your own addresses");
            assertThat(client.sendMail(ALICE, "friend@elsewhere.example", "From: " + ALICE + "\r\nSubject: own\r\n\r\nhi\r\n").code())
                .isEqualTo(250);
        }
    }
}
