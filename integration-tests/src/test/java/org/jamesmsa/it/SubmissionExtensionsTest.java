package org.jamesmsa.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jamesmsa.it.MsaTestServer.ALICE;
import static org.jamesmsa.it.MsaTestServer.ALICE_PASSWORD;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.jamesmsa.audit.AuditQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What mail clients ask of a submission server beyond RFC 6409, with a real client over TLS, relayed to the test sink. */
class SubmissionExtensionsTest {
    @RegisterExtension
    static final MsaTestServer MSA = new MsaTestServer();

    /** The hold is long enough that the record is on file well before the release, however slow the machine. */
    private static final int HOLD_SECONDS = 8;

    @Test
    void aMessageHeldWithHoldforIsAuditedAtOnceAndRelayedNoEarlierThanItsTime() throws Exception {
        String subject = "held " + UUID.randomUUID();
        String messageId = "<" + UUID.randomUUID() + "@msa.test>";
        Instant accepted;
        try (SmtpClient client = MSA.submissionAfterStartTls()) {
            assertThat(client.ehlo("client.example").lines()).anySatisfy(line -> assertThat(line).matches("250.FUTURERELEASE 86400 \\S+Z"));
            assertThat(client.authPlain(ALICE, ALICE_PASSWORD).code()).isEqualTo(235);
            assertThat(client.send("MAIL FROM:<" + ALICE + "> HOLDFOR=" + HOLD_SECONDS).code()).isEqualTo(250);
            assertThat(client.send("RCPT TO:<friend@elsewhere.example>").code()).isEqualTo(250);
            assertThat(client.send("DATA").code()).isEqualTo(354);
            client.write("Subject: " + subject);
            client.write("Message-ID: " + messageId);
            client.write("");
            client.write("later");
            assertThat(client.send(".").code()).isEqualTo(250);
            accepted = Instant.now();
        }

        MsaTestServer.awaitUntil("the audit record", () -> !audited(messageId).isEmpty());
        assertThat(MSA.relayedWithSubject(subject)).as("on record, and held").isEmpty();

        MSA.awaitRelayed(subject);
        assertThat(Duration.between(accepted, Instant.now())).as("relayed no earlier than asked")
            .isGreaterThanOrEqualTo(Duration.ofSeconds(HOLD_SECONDS));
        assertThat(MSA.relayedCopies(subject)).isEqualTo(1);
        assertThat(audited(messageId)).as("one record: the hold made no second one").hasSize(1);
    }

    @Test
    void aHoldBeyondTheMaximumIsRefusedWith501AndTheReason() throws Exception {
        try (SmtpClient client = MSA.submissionAfterStartTls()) {
            client.authPlain(ALICE, ALICE_PASSWORD);
            assertThat(client.send("MAIL FROM:<" + ALICE + "> HOLDFOR=90000").lines())
                .containsExactly("501 5.5.4 a hold is at most 86400 seconds (RFC 4865 3)");
            assertThat(client.send("MAIL FROM:<" + ALICE + "> HOLDUNTIL=2026-13-45T00:00:00Z").code()).isEqualTo(501);
        }
    }

    private static java.util.List<com.fasterxml.jackson.databind.JsonNode> audited(String messageId) {
        try {
            return AuditQuery.find(MSA.auditDirectory(), new AuditQuery.Filter(Optional.of(messageId), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
