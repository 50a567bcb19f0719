package org.jamesmsa.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jamesmsa.it.MsaTestServer.BOB;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import org.jamesmsa.audit.AuditQuery;
import org.jamesmsa.audit.AuditVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Audit records outlive a restart of James; files past the retention are deleted, and only those. */
class AuditDurabilityTest {
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    @RegisterExtension
    static final MsaTestServer MSA = new MsaTestServer().preparingHome(home -> {
        Path audit = Files.createDirectories(home.resolve("audit"));
        Files.writeString(audit.resolve("audit-" + TODAY.minusDays(31) + ".jsonl"), "");
        Files.writeString(audit.resolve("audit-" + TODAY.minusDays(29) + ".jsonl"), "");
        Files.writeString(audit.resolve("README"), "operators' notes stay");
    });

    private void deliver(String subject) throws Exception {
        long before = MSA.inboxMessageCount(BOB);
        try (SmtpClient client = MSA.mx()) {
            client.ehlo("mta.elsewhere.example");
            assertThat(client.sendMail("sender@elsewhere.example", BOB, "Subject: " + subject + "\r\n\r\nhi\r\n").code()).isEqualTo(250);
        }
        MsaTestServer.awaitUntil("delivered", () -> MSA.inboxMessageCount(BOB) > before);
    }

    @Test
    void retentionAtStartupDeletesOnlyExpiredAuditFiles() {
        Path audit = MSA.auditDirectory();
        assertThat(audit.resolve("audit-" + TODAY.minusDays(31) + ".jsonl")).doesNotExist();
        assertThat(audit.resolve("audit-" + TODAY.minusDays(29) + ".jsonl")).exists();
        assertThat(audit.resolve("README")).exists();
    }

    @Test
    void recordsSurviveARestartAndTheChainGoesOn() throws Exception {
        deliver("before restart " + UUID.randomUUID());
        long recordsBefore = AuditQuery.verify(MSA.auditDirectory()).records();

        MSA.restart();
        deliver("after restart " + UUID.randomUUID());

        AuditVerifier.Report report = AuditQuery.verify(MSA.auditDirectory());
        assertThat(report.problems()).isEmpty();
        assertThat(report.records()).isEqualTo(recordsBefore + 1);
        assertThat(AuditQuery.find(MSA.auditDirectory(), AuditQuery.Filter.any()))
            .extracting(r -> r.path("listener").asText()).containsOnly("mx");
    }
}
