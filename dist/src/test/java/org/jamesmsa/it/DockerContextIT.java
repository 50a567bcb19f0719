package org.jamesmsa.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.jamesmsa.audit.AuditQuery;
import org.jamesmsa.it.SmtpClient.Reply;
import org.junit.jupiter.api.Test;

/**
 * The Docker build context that Maven assembles (target/docker-context), booted without a Docker engine: its
 * entrypoint script runs as the image runs it, on a working directory laid out as the image's /root (the context's
 * conf/ and extensions-jars/), with stock James on the classpath and none of this bundle's classes. The only
 * difference from the image is the James flavour: the memory server of Maven Central instead of the image's JPA
 * server (JAMES_MAIN, JAMES_CLASSPATH), which Maven Central does not carry.
 */
class DockerContextIT {
    private static final Path CONTEXT = Path.of(System.getProperty("msa.docker.context"));

    @Test
    void contextHoldsWhatTheDockerfileCopies() {
        assertThat(CONTEXT.resolve("Dockerfile")).exists();
        assertThat(CONTEXT.resolve("docker-entrypoint.sh")).isExecutable();
        assertThat(CONTEXT.resolve("docker-compose.yml")).exists();
        assertThat(CONTEXT.resolve("conf/smtpserver.xml")).exists();
        assertThat(CONTEXT.resolve("james-msa/lib/james-msa-launcher.jar")).exists();
        assertThat(CONTEXT.resolve("extensions-jars").toFile().list())
            .as("the bundle's JARs and nothing James already provides")
            .allMatch(name -> name.startsWith("james-msa-"))
            .anyMatch(name -> name.startsWith("james-msa-smtp-hooks"))
            .anyMatch(name -> name.startsWith("james-msa-mailets"))
            .anyMatch(name -> name.startsWith("james-msa-audit"))
            .anyMatch(name -> name.startsWith("james-msa-csv-validator"));
    }

    @Test
    void entrypointBootsStockJamesWithTheContextsConfAndExtensionJars() throws Exception {
        Path appRoot = Files.createTempDirectory("image-root");
        StockJames.copyTree(CONTEXT.resolve("conf"), appRoot.resolve("conf"));
        StockJames.copyTree(CONTEXT.resolve("extensions-jars"), appRoot.resolve("extensions-jars"));
        Path msaHome = Files.createTempDirectory("image-msa-home");
        int mx = FreePorts.next();
        int submission = FreePorts.next();
        int submissions = FreePorts.next();
        int webadmin = FreePorts.next();

        try (ServerProcess james = ServerProcess.start(List.of(CONTEXT.resolve("docker-entrypoint.sh").toString()), Map.ofEntries(
                Map.entry("JAMES_APP_ROOT", appRoot.toString()),
                Map.entry("JAMES_CLASSPATH", StockJames.libraries() + "/*"),
                Map.entry("JAMES_MAIN", "org.apache.james.MemoryJamesServerMain"),
                Map.entry("MSA_LIB", CONTEXT.resolve("james-msa/lib").toString()),
                Map.entry("MSA_HOME", msaHome.toString()),
                Map.entry("MSA_DOMAIN", "image.test"),
                Map.entry("MSA_BIND_ADDRESS", "127.0.0.1"),
                Map.entry("MSA_SMTP_PORT", Integer.toString(mx)),
                Map.entry("MSA_SUBMISSION_PORT", Integer.toString(submission)),
                Map.entry("MSA_SUBMISSIONS_PORT", Integer.toString(submissions)),
                Map.entry("MSA_WEBADMIN_PORT", Integer.toString(webadmin))))) {
            james.awaitStarted(mx);
            new WebAdminClient(webadmin).addUser("erin@image.test", "erin's password");

            try (SmtpClient client = SmtpClient.connectImplicitTls(submissions, MsaTestServer.trusting(msaHome.resolve("tls/cert.pem")))) {
                client.ehlo("client.example");
                assertThat(client.authPlain("erin@image.test", "erin's password").code()).isEqualTo(235);
                Reply accepted = client.sendMail("erin@image.test", "erin@image.test", "Subject: from the image\r\n\r\nhi\r\n");
                assertThat(accepted.code()).as(accepted.text()).isEqualTo(250);
            }
            try (SmtpClient client = SmtpClient.connect(submission, null)) {
                client.ehlo("client.example");
                Reply refused = client.send("MAIL FROM:<erin@image.test>");
                assertThat(refused.text()).as("the bundle's hooks are loaded from extensions-jars").isEqualTo("530 5.7.0 Authentication required");
            }

            Path audit = msaHome.resolve("audit");
            org.jamesmsa.it.MsaTestServer.awaitUntil("the audit record is written", () -> {
                try {
                    return AuditQuery.verify(audit).records() == 1;
                } catch (Exception e) {
                    return false;
                }
            });
            assertThat(AuditQuery.find(audit, AuditQuery.Filter.any()).get(0).path("listener").asText()).isEqualTo("submissions");
            assertThat(james.log()).contains("org.jamesmsa");
        }
    }

    @Test
    void badSettingStopsTheEntrypointWithOneLine() throws Exception {
        try (ServerProcess james = ServerProcess.start(List.of(CONTEXT.resolve("docker-entrypoint.sh").toString()), Map.of(
                "JAMES_APP_ROOT", Files.createTempDirectory("image-root").toString(),
                "JAMES_CLASSPATH", StockJames.libraries() + "/*",
                "MSA_LIB", CONTEXT.resolve("james-msa/lib").toString(),
                "MSA_HOME", Files.createTempDirectory("image-msa-home").toString(),
                "MSA_SMARTHOST", "relay.example.net"))) {
            assertThat(james.process().waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(james.process().exitValue()).isEqualTo(2);
            assertThat(james.ownOutput().strip()).isEqualTo(
                "james-msa: MSA_SMARTHOST='relay.example.net' must be host:port with a port from 1 to 65535 (example: relay.example.net:587)");
        }
    }
}
