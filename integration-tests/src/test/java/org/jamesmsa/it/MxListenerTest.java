package org.jamesmsa.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jamesmsa.it.MsaTestServer.ALICE;
import static org.jamesmsa.it.MsaTestServer.ALICE_PASSWORD;
import static org.jamesmsa.it.MsaTestServer.BOB;

import java.io.IOException;

import org.jamesmsa.it.SmtpClient.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The MX listener of the packaged conf/: unauthenticated mail for existing local users only, no AUTH, and no
 * relaying by any address trick (RFC 5068 3.2 and 4.1). The test client connects from loopback, which stock
 * James trusts as an authorized network; the packaged conf must not.
 */
class MxListenerTest {

    @RegisterExtension
    static final MsaTestServer MSA = new MsaTestServer();

    private SmtpClient transactionFromOutside(SmtpClient client) throws IOException {
        client.ehlo("mta.elsewhere.example");
        assertThat(client.send("MAIL FROM:<sender@elsewhere.example>").code()).isEqualTo(250);
        return client;
    }

    /** MSA_POSTMASTER is left at its default, postmaster@ the domain, which no test made: the server made it at start. */
    @Test
    void abuseReportsAreKeptInThePostmasterAccountTheServerMadeAtStart() throws Exception {
        String postmaster = "postmaster@" + MsaTestServer.DOMAIN;
        String subject = "abuse report " + java.util.UUID.randomUUID();
        try (SmtpClient mta = MSA.mx()) {
            mta.ehlo("mta.elsewhere.example");
            assertThat(mta.sendMail("reporter@elsewhere.example", "abuse@" + MsaTestServer.DOMAIN,
                "Subject: " + subject + "\r\n\r\nspam from your user\r\n").code()).isEqualTo(250);
        }
        MSA.webAdmin().changePassword(postmaster, "the operator's own password");

        ImapMailbox mailbox = MSA.imap(postmaster, "the operator's own password");
        MsaTestServer.awaitUntil(postmaster + " received " + subject, () -> {
            try {
                return mailbox.messages().stream().anyMatch(message -> MsaTestServer.textOf(message).contains(subject));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Without SIZE in MAIL, the limit is found while the data arrives; the reply names it with RFC 3463's code. */
    @Test
    void aMessageOverTheSizeLimitIs552WithItsEnhancedCode() throws Exception {
        try (SmtpClient mta = MSA.mx()) {
            mta.ehlo("mta.elsewhere.example");
            assertThat(mta.send("MAIL FROM:<sender@elsewhere.example>").code()).isEqualTo(250);
            assertThat(mta.send("RCPT TO:<" + BOB + ">").code()).isEqualTo(250);
            assertThat(mta.send("DATA").code()).isEqualTo(354);
            String line = "z".repeat(998) + "\r\n";
            StringBuilder chunk = new StringBuilder();
            for (int i = 0; i < 1000; i++) {
                chunk.append(line);
            }
            mta.writeRaw("Subject: too big\r\n\r\n");
            for (int megabytes = 0; megabytes < 53; megabytes++) {
                mta.writeRaw(chunk.toString());
            }

            Reply end = mta.send(".");

            assertThat(end.text()).isEqualTo("552 5.3.4 Message size exceeds fixed maximum message size");
            assertThat(mta.send("NOOP").code()).isEqualTo(250);
        }
    }

    @Test
    void ehloDoesNotOfferAuth() throws IOException {
        try (SmtpClient client = MSA.mx()) {
            Reply ehlo = client.ehlo("mta.elsewhere.example");

            assertThat(ehlo.hasExtension("AUTH")).as(ehlo.text()).isFalse();
            assertThat(ehlo.hasExtension("STARTTLS")).as(ehlo.text()).isTrue();
        }
    }

    @Test
    void authIsRefusedInClear() throws IOException {
        try (SmtpClient client = MSA.mx()) {
            client.ehlo("mta.elsewhere.example");

            Reply auth = client.authPlain(ALICE, ALICE_PASSWORD);

            assertThat(auth.code()).as(auth.text()).isEqualTo(503);
            assertThat(auth.enhancedStatus()).isEqualTo("5.5.1");
        }
    }

    @Test
    void authIsRefusedEvenAfterStartTls() throws IOException {
        try (SmtpClient client = MSA.mx()) {
            client.ehlo("mta.elsewhere.example");
            Reply ehlo = client.startTls("mta.elsewhere.example");
            assertThat(ehlo.hasExtension("AUTH")).as(ehlo.text()).isFalse();

            Reply auth = client.authPlain(ALICE, ALICE_PASSWORD);

            assertThat(auth.code()).isEqualTo(503);
            assertThat(client.send("MAIL FROM:<sender@elsewhere.example>").code()).isEqualTo(250);
            assertThat(client.send("RCPT TO:<someone@elsewhere.example>").code())
                .as("the refused AUTH must not have opened relaying").isEqualTo(550);
        }
    }

    @Test
    void mailForAnExistingLocalUserIsAcceptedAndDelivered() throws IOException, InterruptedException {
        long before = MSA.inboxMessageCount(BOB);
        try (SmtpClient client = MSA.mx()) {
            client.ehlo("mta.elsewhere.example");

            Reply accepted = client.sendMail("sender@elsewhere.example", BOB,
                "From: sender@elsewhere.example\r\nTo: " + BOB + "\r\nSubject: over MX\r\n\r\nhello Bob\r\n");

            assertThat(accepted.code()).as(accepted.text()).isEqualTo(250);
        }
        MsaTestServer.awaitUntil("Bob's inbox has the message", () -> MSA.inboxMessageCount(BOB) == before + 1);
    }

    /** James reads command lines as US-ASCII: a UTF-8 address would be stored altered; it is refused, on every listener. */
    @Test
    void aUtf8AddressIsRefusedWith553NeverAcceptedAltered() throws IOException {
        try (SmtpClient client = transactionFromOutside(MSA.mx())) {
            assertThat(client.send("RCPT TO:<\"用户\"@msa.test>").lines())
                .containsExactly("553 5.6.7 Non-ASCII address: this server does not offer SMTPUTF8; use an ASCII address");
        }
        try (SmtpClient client = MSA.submissionAfterStartTls()) {
            client.authPlain(ALICE, ALICE_PASSWORD);
            assertThat(client.send("MAIL FROM:<josé@msa.test>").code()).isEqualTo(553);
            assertThat(client.send("MAIL FROM:<" + ALICE + ">").code()).isEqualTo(250);
            assertThat(client.send("RCPT TO:<user@bücher.example>").enhancedStatus()).isEqualTo("5.6.7");
        }
    }

    @Test
    void unknownLocalUserIsRefusedWith550() throws IOException {
        try (SmtpClient client = transactionFromOutside(MSA.mx())) {
            Reply rcpt = client.send("RCPT TO:<nobody@msa.test>");

            assertThat(rcpt.code()).isEqualTo(550);
            assertThat(rcpt.enhancedStatus()).isEqualTo("5.1.1");
        }
    }

    /**
     * The aliases are answered from memory (MSA_RRT_CACHE_SECONDS); a change through webadmin must apply at once,
     * although the address was asked for, and its absence cached, a moment before.
     */
    @Test
    void anAliasAddedOrRemovedThroughWebadminAppliesAtOnce() throws Exception {
        String alias = "bob.new@" + MsaTestServer.DOMAIN;
        WebAdminClient webAdmin = MSA.webAdmin();
        try (SmtpClient before = transactionFromOutside(MSA.mx())) {
            assertThat(before.send("RCPT TO:<" + alias + ">").code()).isEqualTo(550);
        }

        webAdmin.addAlias(BOB, alias);
        try (SmtpClient added = transactionFromOutside(MSA.mx())) {
            assertThat(added.send("RCPT TO:<" + alias + ">").code()).as("the alias reaches Bob").isEqualTo(250);
        }

        webAdmin.removeAlias(BOB, alias);
        try (SmtpClient removed = transactionFromOutside(MSA.mx())) {
            assertThat(removed.send("RCPT TO:<" + alias + ">").code()).isEqualTo(550);
        }
    }

    @Test
    void remoteRecipientIsRefusedAsRelaying() throws IOException {
        try (SmtpClient client = transactionFromOutside(MSA.mx())) {
            Reply rcpt = client.send("RCPT TO:<victim@elsewhere.example>");

            assertThat(rcpt.code()).as(rcpt.text()).isEqualTo(550);
            assertThat(rcpt.enhancedStatus()).isEqualTo("5.7.1");
        }
    }

    @Test
    void localSenderAddressDoesNotOpenRelaying() throws IOException {
        try (SmtpClient client = MSA.mx()) {
            client.ehlo("mta.elsewhere.example");
            client.send("MAIL FROM:<" + ALICE + ">");

            Reply rcpt = client.send("RCPT TO:<victim@elsewhere.example>");

            assertThat(rcpt.code()).isEqualTo(550);
            assertThat(rcpt.enhancedStatus()).isEqualTo("5.7.1");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<victim%elsewhere.example@msa.test>",
        "<victim%elsewhere.example>",
        "<elsewhere.example!victim@msa.test>",
        "<elsewhere.example!victim>",
        "<@msa.test:victim@elsewhere.example>",
        "<@elsewhere.example:bob@msa.test>",
        "<@msa.test,@relay.example:victim@elsewhere.example>",
        "<\"victim@elsewhere.example\"@msa.test>",
        "<\"victim%elsewhere.example\"@msa.test>",
        "<\"elsewhere.example!victim\"@msa.test>"
    })
    void relayAddressTricksAreRefusedWith550(String path) throws IOException {
        try (SmtpClient client = transactionFromOutside(MSA.mx())) {
            Reply rcpt = client.send("RCPT TO:" + path);

            assertThat(rcpt.code()).as(path + " -> " + rcpt.text()).isEqualTo(550);
            assertThat(rcpt.enhancedStatus()).isEqualTo("5.7.1");
            assertThat(client.send("RCPT TO:<" + BOB + ">").code()).as("the transaction goes on").isEqualTo(250);
        }
    }
}
