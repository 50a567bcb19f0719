package org.jamesmsa.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import org.jamesmsa.it.SmtpClient.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the assembled distribution's launcher, {@code target/james-msa/bin/james-msa}, as a separate process
 * configured only by MSA_* environment variables, as README tells a new user to.
 */
class LauncherProcessIT {
    private static final Path DIST = Path.of(System.getProperty("msa.dist.dir"));

    private ServerProcess server;

    private ServerProcess launch(Map<String, String> env) throws IOException {
        server = ServerProcess.start(List.of(DIST.resolve("bin/james-msa").toString()), env);
        return server;
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void launcherStartsTheMsaFromEnvironmentVariables() throws Exception {
        Path home = Files.createTempDirectory("msa-launcher-home");
        int mx = FreePorts.next();
        int submission = FreePorts.next();
        int submissions = FreePorts.next();
        int webadmin = FreePorts.next();
        launch(Map.of("MSA_DOMAIN", "launcher.test", "MSA_HOSTNAME", "mail.launcher.test", "MSA_BIND_ADDRESS", "127.0.0.1",
            "MSA_SMTP_PORT", Integer.toString(mx), "MSA_SUBMISSION_PORT", Integer.toString(submission),
            "MSA_SUBMISSIONS_PORT", Integer.toString(submissions), "MSA_WEBADMIN_PORT", Integer.toString(webadmin),
            "MSA_IMAP_PORT", Integer.toString(FreePorts.next()), "MSA_IMAPS_PORT", Integer.toString(FreePorts.next()),
            "MSA_HOME", home.toString()));

        server.awaitStarted(mx);

        Path certificate = home.resolve("tls/cert.pem");
        assertThat(certificate).as("self-signed certificate generated in MSA_HOME").exists();
        SSLContext tls = MsaTestServer.trusting(certificate);
        new WebAdminClient(webadmin).addUser("dave@launcher.test", "dave's password");

        try (SmtpClient client = SmtpClient.connect(submission, tls)) {
            assertThat(client.ehlo("client.example").hasExtension("AUTH")).isFalse();
            Reply afterTls = client.startTls("client.example");
            assertThat(afterTls.hasExtension("AUTH")).as(afterTls.text()).isTrue();
        }
        try (SmtpClient client = SmtpClient.connectImplicitTls(submissions, tls)) {
            client.ehlo("client.example");
            assertThat(client.authPlain("dave@launcher.test", "dave's password").code()).isEqualTo(235);
            Reply accepted = client.sendMail("dave@launcher.test", "dave@launcher.test",
                "Subject: note to self\r\n\r\nsubmitted through the launcher\r\n");
            assertThat(accepted.code()).as(accepted.text()).isEqualTo(250);
        }
        try (SmtpClient client = SmtpClient.connect(mx, tls)) {
            assertThat(client.ehlo("mta.example").hasExtension("AUTH")).isFalse();
        }

        ToolRun found = auditTool(home, "find", "--user", "dave@launcher.test", "--json");
        assertThat(found.status()).isZero();
        assertThat(found.output()).contains("\"listener\":\"submissions\"", "\"authUser\":\"dave@launcher.test\"");
        ToolRun verified = auditTool(home, "verify");
        assertThat(verified.status()).isZero();
        assertThat(verified.output()).contains("OK: 1 records");

        server.process().destroy();
        assertThat(server.process().waitFor(30, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        assertThat(server.log()).contains("JAMES server stopped");
        assertThat(server.log().lines().filter(line -> line.matches("\\S+ ERROR .*")))
            .as("a clean stop logs no error").isEmpty();
    }

    private record ToolRun(int status, String output) {
    }

    /** bin/james-msa-audit of the distribution, as an operator runs it, with MSA_HOME pointing at the server's. */
    private static ToolRun auditTool(Path home, String... args) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(DIST.resolve("bin/james-msa-audit").toString()));
        command.addAll(java.util.List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("MSA_HOME", home.toString());
        builder.environment().put("JAVA_TOOL_OPTIONS", ServerProcess.LOOPBACK_DNS);
        Process tool = builder.start();
        String output = new String(tool.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(tool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new ToolRun(tool.exitValue(), output);
    }

    @Test
    void badSettingStopsTheLauncherWithOneLineNamingTheVariable() throws Exception {
        Path home = Files.createTempDirectory("msa-launcher-home");

        launch(Map.of("MSA_HOME", home.toString(), "MSA_HOSTNAME", "mail.launcher.test", "MSA_SUBMISSION_PORT", "five-eight-seven"));

        assertThat(server.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(server.process().exitValue()).isEqualTo(2);
        assertThat(server.log()).contains("james-msa: MSA_SUBMISSION_PORT='five-eight-seven'; allowed values: a TCP port (1 to 65535, or 0 to turn the listener off)");
    }
}
