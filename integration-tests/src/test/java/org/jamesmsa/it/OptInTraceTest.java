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
 * The two opt-in settings, off in the packaged conf/: the login in the Received header (TraceHeaderFilter
 * showLogin, as Postfix's smtpd_sasl_authenticated_header) and Sender when From is not the user's (SubmissionFixups
 * addSender, RFC 6409 8.1).
 */
class OptInTraceTest {

    @RegisterExtension
    static final MsaTestServer MSA = new MsaTestServer().withConfChanges(Map.of(
        "smtpserver.xml", Map.of("<showLogin>false</showLogin>", "<showLogin>true</showLogin>"),
        "mailetcontainer.xml", Map.of("<addSender>false</addSender>", "<addSender>true</addSender>")));

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
}
