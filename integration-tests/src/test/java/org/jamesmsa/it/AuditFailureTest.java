package org.jamesmsa.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jamesmsa.it.MsaTestServer.ALICE;
import static org.jamesmsa.it.MsaTestServer.ALICE_PASSWORD;
import static org.jamesmsa.it.MsaTestServer.BOB;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import org.jamesmsa.audit.AuditField;
import org.jamesmsa.audit.AuditQuery;
import org.jamesmsa.it.SmtpClient.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A full audit disk, as the kernel's /dev/full makes one (every write fails with ENOSPC exactly as on a full disk;
 * directory permissions cannot stand in: the tests run as root), standing for the audit file of the day. The first
 * message, accepted before anything failed, is held with the reason and is never released untraceable; the next
 * ones are refused 451 4.3.0; once the disk has room again the held message goes through by itself, with its record.
 */
class AuditFailureTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String REPOSITORY = "/mailRepositories/" + URLEncoder.encode("var/mail/audit-error", StandardCharsets.UTF_8);

    @RegisterExtension
    static final MsaTestServer MSA = new MsaTestServer().preparingHome(home -> {
        Path audit = Files.createDirectories(home.resolve("audit"));
        Files.createSymbolicLink(todaysFile(audit), Path.of("/dev/full"));
        // The store's own probe (AuditProbe) writes beside the day files: full as well.
        Files.createSymbolicLink(probeFile(audit), Path.of("/dev/full"));
    }).withConfChanges(Map.of("james-msa.properties", Map.of("audit.heldRetryInterval=10", "audit.heldRetryInterval=1")));

    private static Path probeFile(Path audit) {
        return audit.resolve(".write-probe");
    }

    private static Path todaysFile(Path audit) {
        return audit.resolve("audit-" + LocalDate.now(ZoneOffset.UTC) + ".jsonl");
    }

    private static String webAdminGet(String path) throws Exception {
        return MSA.webAdmin().send(MSA.webAdmin().request(path)).body();
    }

    private static long held() {
        try {
            return MAPPER.readTree(webAdminGet(REPOSITORY + "/mails")).size();
        } catch (Exception notThereYet) {
            return -1;
        }
    }

    private static Reply submit(String subject) throws Exception {
        try (SmtpClient client = MSA.submissionAfterStartTls()) {
            client.authPlain(ALICE, ALICE_PASSWORD);
            return client.sendMail(ALICE, BOB, "Subject: " + subject + "\r\n\r\nhi\r\n");
        }
    }

    @Test
    void aFullAuditDiskHoldsTheFirstMessageRefusesTheNextAndRecoversAlone() throws Exception {
        try (SmtpClient client = MSA.mx()) {
            client.ehlo("mta.elsewhere.example");
            assertThat(client.sendMail("sender@elsewhere.example", BOB, "Subject: untraceable\r\n\r\nhi\r\n").code()).isEqualTo(250);
        }
        MsaTestServer.awaitUntil("the message waits in audit-error", () -> held() == 1);
        String key = MAPPER.readTree(webAdminGet(REPOSITORY + "/mails")).get(0).asText();
        assertThat(webAdminGet(REPOSITORY + "/mails/" + URLEncoder.encode(key, StandardCharsets.UTF_8)))
            .contains("audit record not written", "No space left on device");
        assertThat(MSA.inboxMessageCount(BOB)).as("nothing was delivered").isZero();

        Reply refused = submit("while the disk is full");
        assertThat(refused.lines()).containsExactly("451 4.3.0 Cannot record this message for accountability now; try again later");
        String metrics = MSA.metrics();
        assertThat(metrics).contains("msa_audit_unavailable_refused_total 1.0").containsPattern("msa_audit_write_failures_total [1-9]");

        Files.delete(todaysFile(MSA.auditDirectory()));
        Files.delete(probeFile(MSA.auditDirectory()));

        MSA.awaitDelivered(BOB, "untraceable");
        MsaTestServer.awaitUntil("the held repository is empty", () -> held() == 0);
        assertThat(AuditQuery.find(MSA.auditDirectory(), AuditQuery.Filter.any()))
            .extracting(record -> AuditQuery.text(record, AuditField.ORIGIN)).containsExactly("mx");
        assertThat(submit("once the disk has room").code()).isEqualTo(250);
        assertThat(MSA.metrics()).containsPattern("msa_audit_reprocessed_total [1-9]").contains("msa_audit_held_messages 0.0");
        assertThat(AuditQuery.verify(MSA.auditDirectory()).problems()).isEmpty();
    }
}
