package org.jamesmsa.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jamesmsa.it.MsaTestServer.ALIAS_DOMAIN;
import static org.jamesmsa.it.MsaTestServer.ALICE;
import static org.jamesmsa.it.MsaTestServer.ALICE_ALIAS;
import static org.jamesmsa.it.MsaTestServer.ALICE_PASSWORD;
import static org.jamesmsa.it.MsaTestServer.BOB;
import static org.jamesmsa.it.MsaTestServer.BOB_PASSWORD;
import static org.jamesmsa.it.SmtpClient.base64;

import java.io.IOException;

import org.jamesmsa.it.SmtpClient.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The submission listeners (587 with STARTTLS, 465 with implicit TLS) of the packaged conf/: RFC 5068 3.1,
 * RFC 6409 4.3 and 6.1, RFC 4954, RFC 8314.
 */
class SubmissionPolicyTest {

    @RegisterExtension
    static final MsaTestServer MSA = new MsaTestServer();

    private SmtpClient open(String listener) throws IOException {
        return listener.equals("submissions") ? MSA.submissions() : MSA.submissionAfterStartTls();
    }

    /**
     * The accounts read at AUTH are kept in memory (MSA_USERS_CACHE_SECONDS); a password changed or an account
     * deleted through webadmin must apply at once, although the account logged in a moment before.
     */
    @Test
    void aPasswordChangedOrAnAccountDeletedThroughWebadminAppliesAtOnce() throws Exception {
        String carol = "carol@" + MsaTestServer.DOMAIN;
        WebAdminClient webAdmin = MSA.webAdmin();
        webAdmin.addUser(carol, "carol's first passphrase");
        try (SmtpClient client = MSA.submissionAfterStartTls()) {
            assertThat(client.authPlain(carol, "carol's first passphrase").code()).isEqualTo(235);
        }

        webAdmin.changePassword(carol, "carol's second passphrase");
        try (SmtpClient old = MSA.submissions(); SmtpClient renewed = MSA.submissionAfterStartTls()) {
            assertThat(old.authPlain(carol, "carol's first passphrase").code()).as("the old password").isEqualTo(535);
            assertThat(renewed.authPlain(carol, "carol's second passphrase").code()).isEqualTo(235);
        }

        assertThat(webAdmin.send(webAdmin.request("/users/" + carol).DELETE()).statusCode()).isEqualTo(204);
        try (SmtpClient deleted = MSA.submissions()) {
            assertThat(deleted.authPlain(carol, "carol's second passphrase").code()).as("a deleted account").isEqualTo(535);
        }
    }

    @Test
    void ehloBeforeTlsOffersStartTlsButNotAuth() throws IOException {
        try (SmtpClient client = MSA.submission()) {
            Reply ehlo = client.ehlo("client.example");

            assertThat(ehlo.code()).isEqualTo(250);
            assertThat(ehlo.hasExtension("STARTTLS")).as(ehlo.text()).isTrue();
            assertThat(ehlo.hasExtension("AUTH")).as(ehlo.text()).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"submission", "submissions"})
    void ehloOverTlsAdvertisesAuthAndTheSubmissionExtensions(String listener) throws IOException {
        SmtpClient client = listener.equals("submissions") ? MSA.submissionsBeforeEhlo() : MSA.submission();
        try (client) {
            Reply ehlo = listener.equals("submissions") ? client.ehlo("client.example") : client.startTls("client.example");

            assertThat(client.isTls()).isTrue();
            assertThat(ehlo.lines().get(0)).matches("250-\\S+ Hello client\\.example \\[127\\.0\\.0\\.1\\]");
            assertThat(ehlo.hasExtension("AUTH")).as(ehlo.text()).isTrue();
            assertThat(ehlo.text()).contains("PLAIN").contains("LOGIN");
            assertThat(ehlo.hasExtension("PIPELINING")).as(ehlo.text()).isTrue();
            assertThat(ehlo.hasExtension("8BITMIME")).as(ehlo.text()).isTrue();
            assertThat(ehlo.hasExtension("ENHANCEDSTATUSCODES")).as(ehlo.text()).isTrue();
            assertThat(ehlo.hasExtension("SIZE 52428800")).as(ehlo.text()).isTrue();
        }
    }

    @Test
    void authPlainInClearIsRefusedWith538AndTheSessionGoesOn() throws IOException {
        try (SmtpClient client = MSA.submission()) {
            client.ehlo("client.example");

            Reply auth = client.authPlain(ALICE, ALICE_PASSWORD);

            assertThat(auth.code()).as(auth.text()).isEqualTo(538);
            assertThat(auth.enhancedStatus()).isEqualTo("5.7.11");
            assertThat(client.send("NOOP").code()).isEqualTo(250);
            assertThat(client.send("MAIL FROM:<" + ALICE + ">").code())
                .as("a refused AUTH must not authenticate").isEqualTo(530);
        }
    }

    @Test
    void authLoginInClearIsRefusedBeforeAnyCredentialIsSent() throws IOException {
        try (SmtpClient client = MSA.submission()) {
            client.ehlo("client.example");

            Reply auth = client.send("AUTH LOGIN");

            assertThat(auth.code()).as(auth.text()).isEqualTo(538);
            assertThat(auth.enhancedStatus()).isEqualTo("5.7.11");
        }
    }

    @Test
    void mailBeforeAuthInClearIsRefusedWith530EvenForALocalRecipient() throws IOException {
        try (SmtpClient client = MSA.submission()) {
            client.ehlo("client.example");

            Reply mail = client.send("MAIL FROM:<" + BOB + ">");

            assertThat(mail.code()).as(mail.text()).isEqualTo(530);
            assertThat(mail.enhancedStatus()).isEqualTo("5.7.0");
            assertThat(client.send("RCPT TO:<" + ALICE + ">").code()).as("no transaction was opened").isEqualTo(503);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"submission", "submissions"})
    void mailBeforeAuthOverTlsIsRefusedWith530(String listener) throws IOException {
        try (SmtpClient client = open(listener)) {
            Reply mail = client.send("MAIL FROM:<someone@elsewhere.example>");

            assertThat(mail.code()).as(mail.text()).isEqualTo(530);
            assertThat(mail.enhancedStatus()).isEqualTo("5.7.0");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"submission", "submissions"})
    void goodCredentialsAuthenticateWith235(String listener) throws IOException {
        try (SmtpClient client = open(listener)) {
            Reply auth = client.authPlain(ALICE, ALICE_PASSWORD);

            assertThat(auth.code()).as(auth.text()).isEqualTo(235);
            assertThat(auth.enhancedStatus()).isEqualTo("2.7.0");
            assertThat(client.send("MAIL FROM:<" + ALICE + ">").code()).isEqualTo(250);
        }
    }

    @Test
    void authLoginExchangeAuthenticates() throws IOException {
        try (SmtpClient client = MSA.submissionAfterStartTls()) {
            assertThat(client.send("AUTH LOGIN").text()).isEqualTo("334 VXNlcm5hbWU6");
            assertThat(client.send(base64(BOB)).text()).isEqualTo("334 UGFzc3dvcmQ6");

            Reply auth = client.send(base64(BOB_PASSWORD));

            assertThat(auth.code()).as(auth.text()).isEqualTo(235);
        }
    }

    /** RFC 4954 4: a response line too long ends the exchange; the next line is a command, not the password. */
    @Test
    void anOverlongLineInsideAuthLoginEndsTheExchangeWith500AndTheSessionStaysUsable() throws IOException {
        try (SmtpClient client = MSA.submissionAfterStartTls()) {
            assertThat(client.send("AUTH LOGIN").text()).isEqualTo("334 VXNlcm5hbWU6");

            Reply overlong = client.send("A".repeat(10_000));

            assertThat(overlong.text()).isEqualTo("500 5.5.6 Authentication exchange line is too long");
            assertThat(client.send("NOOP").code()).as("a command again, not the password").isEqualTo(250);
            assertThat(client.authPlain(BOB, BOB_PASSWORD).code()).isEqualTo(235);
        }
    }

    @Test
    void anOverlongCommandIs500WithItsEnhancedCodeAndTheSessionStaysUsable() throws IOException {
        try (SmtpClient client = MSA.submissionAfterStartTls()) {
            assertThat(client.send("NOOP " + "x".repeat(10_000)).text()).isEqualTo("500 5.5.2 Line too long (at most 8190 octets)");
            assertThat(client.send("NOOP").code()).isEqualTo(250);
        }
    }

    /** James would answer mid-message, drop the line and accept the rest: the message is refused whole instead. */
    @Test
    void aMessageWithAnOverlongLineIsRefusedAtItsEndAndNotDelivered() throws Exception {
        String refused = "overlong line " + java.util.UUID.randomUUID();
        String whole = "whole message " + java.util.UUID.randomUUID();
        try (SmtpClient client = MSA.submissionAfterStartTls()) {
            assertThat(client.authPlain(BOB, BOB_PASSWORD).code()).isEqualTo(235);
            assertThat(client.send("MAIL FROM:<" + BOB + ">").code()).isEqualTo(250);
            assertThat(client.send("RCPT TO:<" + ALICE + ">").code()).isEqualTo(250);
            assertThat(client.send("DATA").code()).isEqualTo(354);
            client.write("Subject: " + refused + "\r\n\r\nbefore\r\n" + "y".repeat(10_000) + "\r\nafter");

            Reply end = client.send(".");

            assertThat(end.code()).as(end.text()).isEqualTo(554);
            assertThat(end.enhancedStatus()).isEqualTo("5.6.0");
            assertThat(client.sendMail(BOB, ALICE, "Subject: " + whole + "\r\n\r\nshort lines\r\n").code()).isEqualTo(250);
        }
        MSA.awaitDelivered(ALICE, whole);
        assertThat(MSA.inboxMessageWithSubject(ALICE, refused)).as("nothing of the refused message is stored").isEmpty();
    }

    @Test
    void authPlainWithoutInitialResponseGetsAnEmptyChallenge() throws IOException {
        try (SmtpClient client = MSA.submissionAfterStartTls()) {
            assertThat(client.send("AUTH PLAIN").text()).isEqualTo("334 ");

            Reply auth = client.send(base64("\0" + ALICE + "\0" + ALICE_PASSWORD));

            assertThat(auth.code()).as(auth.text()).isEqualTo(235);
        }
    }

    @Test
    void wrongPasswordIsRefusedWith535AndTheSessionStaysUsable() throws IOException {
        try (SmtpClient client = MSA.submissionAfterStartTls()) {
            Reply wrong = client.authPlain(ALICE, "not the password");

            assertThat(wrong.code()).as(wrong.text()).isEqualTo(535);
            assertThat(wrong.enhancedStatus()).isEqualTo("5.7.8");
            assertThat(client.authPlain(ALICE, ALICE_PASSWORD).code()).isEqualTo(235);
        }
    }

    @Test
    void unknownUserIsRefusedLikeAWrongPassword() throws IOException {
        try (SmtpClient client = MSA.submissionAfterStartTls()) {
            Reply auth = client.authPlain("nobody@msa.test", "whatever");

            assertThat(auth.code()).isEqualTo(535);
            assertThat(auth.enhancedStatus()).isEqualTo("5.7.8");
        }
    }

    @Test
    void invalidBase64IsRefusedWith501AndTheSessionStaysUsable() throws IOException {
        try (SmtpClient client = MSA.submissionAfterStartTls()) {
            Reply bad = client.send("AUTH PLAIN !!!not-base64!!!");

            assertThat(bad.code()).as(bad.text()).isEqualTo(501);
            assertThat(bad.enhancedStatus()).isEqualTo("5.5.2");
            assertThat(client.send("NOOP").code()).isEqualTo(250);
            assertThat(client.authPlain(ALICE, ALICE_PASSWORD).code()).isEqualTo(235);
        }
    }

    @Test
    void invalidBase64InAContinuationLineLeavesTheExchange() throws IOException {
        try (SmtpClient client = MSA.submissionAfterStartTls()) {
            client.send("AUTH PLAIN");

            Reply bad = client.send("%%%");

            assertThat(bad.code()).as(bad.text()).isEqualTo(501);
            assertThat(bad.enhancedStatus()).isEqualTo("5.5.2");
            assertThat(client.send("NOOP").code()).as("the line after the failure is a command again").isEqualTo(250);
        }
    }

    @Test
    void plainResponseWithoutTheNulSeparatorsIsMalformed() throws IOException {
        try (SmtpClient client = MSA.submissionAfterStartTls()) {
            Reply bad = client.send("AUTH PLAIN " + base64(ALICE + ":" + ALICE_PASSWORD));

            assertThat(bad.code()).isEqualTo(501);
            assertThat(bad.enhancedStatus()).isEqualTo("5.5.2");
        }
    }

    @Test
    void loginWithUndecodableUserNameIsMalformed() throws IOException {
        try (SmtpClient client = MSA.submissionAfterStartTls()) {
            client.send("AUTH LOGIN");

            Reply bad = client.send("@@@");

            assertThat(bad.code()).isEqualTo(501);
            assertThat(bad.enhancedStatus()).isEqualTo("5.5.2");
            assertThat(client.send("NOOP").code()).isEqualTo(250);
        }
    }

    @Test
    void clientCancellingWithAStarGets501AndCanAuthenticateAfterwards() throws IOException {
        try (SmtpClient client = MSA.submissionAfterStartTls()) {
            client.send("AUTH LOGIN");
            client.send(base64(ALICE));

            Reply cancelled = client.send("*");

            assertThat(cancelled.code()).as(cancelled.text()).isEqualTo(501);
            assertThat(cancelled.enhancedStatus()).isNotEmpty();
            assertThat(client.authPlain(ALICE, ALICE_PASSWORD).code()).isEqualTo(235);
        }
    }

    @Test
    void unknownMechanismIsRefusedWith504() throws IOException {
        try (SmtpClient client = MSA.submissionAfterStartTls()) {
            Reply reply = client.send("AUTH CRAM-MD5");

            assertThat(reply.code()).isEqualTo(504);
            assertThat(reply.enhancedStatus()).isEqualTo("5.5.4");
        }
    }

    @Test
    void secondAuthIsABadSequence() throws IOException {
        try (SmtpClient client = MSA.submissionAfterStartTls()) {
            client.authPlain(ALICE, ALICE_PASSWORD);

            Reply again = client.authPlain(BOB, BOB_PASSWORD);

            assertThat(again.code()).isEqualTo(503);
            assertThat(again.enhancedStatus()).isEqualTo("5.5.1");
        }
    }

    @Test
    void proxyAuthorizationForAnotherIdentityIsRefused() throws IOException {
        try (SmtpClient client = MSA.submissionAfterStartTls()) {
            Reply auth = client.send("AUTH PLAIN " + base64(BOB + "\0" + ALICE + "\0" + ALICE_PASSWORD));

            assertThat(auth.code()).isEqualTo(535);
            assertThat(auth.enhancedStatus()).isEqualTo("5.7.8");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"submission", "submissions"})
    void senderOfAnotherUserIsRefusedWith550(String listener) throws IOException {
        try (SmtpClient client = open(listener)) {
            client.authPlain(ALICE, ALICE_PASSWORD);

            Reply mail = client.send("MAIL FROM:<" + BOB + ">");

            assertThat(mail.code()).as(mail.text()).isEqualTo(550);
            assertThat(mail.enhancedStatus()).isEqualTo("5.7.1");
        }
    }

    @Test
    void foreignSenderIsRefusedWith550() throws IOException {
        try (SmtpClient client = MSA.submissionAfterStartTls()) {
            client.authPlain(ALICE, ALICE_PASSWORD);

            Reply mail = client.send("MAIL FROM:<alice@elsewhere.example>");

            assertThat(mail.code()).isEqualTo(550);
            assertThat(mail.enhancedStatus()).isEqualTo("5.7.1");
        }
    }

    @Test
    void ownAliasFromTheRecipientRewriteTableIsAllowed() throws IOException {
        try (SmtpClient client = MSA.submissionAfterStartTls()) {
            client.authPlain(ALICE, ALICE_PASSWORD);

            assertThat(client.send("MAIL FROM:<" + ALICE_ALIAS + ">").code()).isEqualTo(250);
        }
    }

    @Test
    void ownAddressInAnAliasDomainIsAllowed() throws IOException {
        try (SmtpClient client = MSA.submissionAfterStartTls()) {
            client.authPlain(ALICE, ALICE_PASSWORD);

            assertThat(client.send("MAIL FROM:<alice@" + ALIAS_DOMAIN + ">").code()).isEqualTo(250);
        }
    }

    @Test
    void anotherUsersAliasIsRefused() throws IOException {
        try (SmtpClient client = MSA.submissionAfterStartTls()) {
            client.authPlain(BOB, BOB_PASSWORD);

            Reply mail = client.send("MAIL FROM:<" + ALICE_ALIAS + ">");

            assertThat(mail.code()).isEqualTo(550);
            assertThat(mail.enhancedStatus()).isEqualTo("5.7.1");
        }
    }

    @Test
    void nullSenderIsAllowedForAnAuthenticatedUser() throws IOException {
        try (SmtpClient client = MSA.submissionAfterStartTls()) {
            client.authPlain(ALICE, ALICE_PASSWORD);

            assertThat(client.send("MAIL FROM:<>").code()).isEqualTo(250);
            assertThat(client.send("RCPT TO:<" + BOB + ">").code()).isEqualTo(250);
        }
    }

    @Test
    void unknownLocalRecipientIsRefusedAtRcpt() throws IOException {
        try (SmtpClient client = MSA.submissionAfterStartTls()) {
            client.authPlain(ALICE, ALICE_PASSWORD);
            client.send("MAIL FROM:<" + ALICE + ">");

            Reply rcpt = client.send("RCPT TO:<nobody@msa.test>");

            assertThat(rcpt.code()).isEqualTo(550);
            assertThat(rcpt.enhancedStatus()).isEqualTo("5.1.1");
        }
    }
}
