package org.jamesmsa.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jamesmsa.it.MsaTestServer.BOB;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A message whose audit record cannot be written must not leave the MSA untraceable: it waits in the
 * audit-error repository with the reason. The audit file of the day is the kernel's /dev/full, which fails every
 * write with ENOSPC exactly as a full disk does (directory permissions cannot stand in: the tests run as root).
 */
class AuditFailureTest {
    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();

    @RegisterExtension
    static final MsaTestServer MSA = new MsaTestServer().preparingHome(home -> {
        Path audit = Files.createDirectories(home.resolve("audit"));
        Files.createSymbolicLink(audit.resolve("audit-" + LocalDate.now(ZoneOffset.UTC) + ".jsonl"), Path.of("/dev/full"));
    });

    private static String webAdminGet(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + MSA.settingsForTests().webadminPort() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    @Test
    void messageWhoseRecordCannotBeWrittenIsHeldWithTheReason() throws Exception {
        try (SmtpClient client = MSA.mx()) {
            client.ehlo("mta.elsewhere.example");
            assertThat(client.sendMail("sender@elsewhere.example", BOB, "Subject: untraceable\r\n\r\nhi\r\n").code()).isEqualTo(250);
        }
        String repository = "/mailRepositories/" + URLEncoder.encode("var/mail/audit-error", StandardCharsets.UTF_8);

        MsaTestServer.awaitUntil("the message waits in audit-error", () -> {
            try {
                return MAPPER.readTree(webAdminGet(repository + "/mails")).size() == 1;
            } catch (Exception notThereYet) {
                return false;
            }
        });
        String key = MAPPER.readTree(webAdminGet(repository + "/mails")).get(0).asText();
        String details = webAdminGet(repository + "/mails/" + URLEncoder.encode(key, StandardCharsets.UTF_8));

        assertThat(details).contains("audit record not written", "No space left on device");
        assertThat(MSA.inboxMessageCount(BOB)).as("nothing was delivered").isZero();
    }
}
