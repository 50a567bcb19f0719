package org.jamesmsa.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jamesmsa.it.MsaTestServer.ALICE;
import static org.jamesmsa.it.MsaTestServer.ALICE_PASSWORD;
import static org.jamesmsa.it.MsaTestServer.BOB;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import javax.mail.internet.MimeMessage;

import org.jamesmsa.audit.AuditField;
import org.jamesmsa.audit.AuditQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/**
 * The node behind Debian's HAProxy, run with cluster/haproxy.cfg: clients connect to HAProxy from addresses of their
 * own (127.0.0.x), HAProxy connects to the node from 127.0.0.1, the only trusted proxy, with a PROXY v2 header. The
 * Received header and the audit record carry the client's address, not HAProxy's; a connection straight to the node
 * from elsewhere is closed before the greeting; HAProxy's SMTP health checks keep the node in the pool without an
 * error in the node's log.
 */
class ProxyProtocolTest {
    private static final Path CONFIG = Path.of(System.getProperty("msa.cluster.dir"), "haproxy.cfg");
    private static final String CLIENT = "127.0.0.7";
    private static final ListAppender<ILoggingEvent> ERRORS = new ListAppender<>();
    private static final Logger ROOT = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private static final int LB_SMTP = FreePorts.next();
    private static final int LB_SUBMISSION = FreePorts.next();
    private static final int LB_SUBMISSIONS = FreePorts.next();
    private static Process haproxy;

    @RegisterExtension
    @Order(1)
    static final MsaTestServer MSA = new MsaTestServer(Map.of("MSA_PROXY_PROTOCOL", "true", "MSA_TRUSTED_PROXIES", "127.0.0.1"));

    @BeforeAll
    static void startHaproxy() throws Exception {
        ERRORS.start();
        ROOT.addAppender(ERRORS);
        ProcessBuilder builder = new ProcessBuilder("haproxy", "-db", "-f", CONFIG.toString()).redirectErrorStream(true)
            .redirectOutput(Path.of(System.getProperty("java.io.tmpdir"), "haproxy-" + LB_SMTP + ".log").toFile());
        builder.environment().putAll(Map.of("MSA_LB_ADDRESS", "127.0.0.1", "MSA_LB_SMTP_PORT", Integer.toString(LB_SMTP),
            "MSA_LB_SUBMISSION_PORT", Integer.toString(LB_SUBMISSION), "MSA_LB_SUBMISSIONS_PORT", Integer.toString(LB_SUBMISSIONS),
            "MSA_NODE1_ADDRESS", "127.0.0.1", "MSA_NODE2_ADDRESS", "127.0.0.1",
            "MSA_NODE_SMTP_PORT", Integer.toString(MSA.settingsForTests().smtpPort()),
            "MSA_NODE_SUBMISSION_PORT", Integer.toString(MSA.settingsForTests().submissionPort()),
            "MSA_NODE_SUBMISSIONS_PORT", Integer.toString(MSA.settingsForTests().submissionsPort())));
        haproxy = builder.start();
        MsaTestServer.awaitUntil("HAProxy takes connections", () -> {
            try (Socket probe = new Socket("127.0.0.1", LB_SMTP)) {
                return true;
            } catch (java.io.IOException notYet) {
                return false;
            }
        });
    }

    @AfterAll
    static void stopHaproxy() {
        ROOT.detachAppender(ERRORS);
        if (haproxy != null) {
            haproxy.destroy();
        }
    }

    @Test
    void aSubmissionThroughHaproxyIsTracedToTheClientsOwnAddress() throws Exception {
        String subject = "through haproxy " + UUID.randomUUID();
        try (SmtpClient client = SmtpClient.connectImplicitTls(CLIENT, LB_SUBMISSIONS, MSA.clientTls())) {
            client.ehlo("client.example");
            assertThat(client.authPlain(ALICE, ALICE_PASSWORD).code()).isEqualTo(235);
            assertThat(client.sendMail(ALICE, BOB, "Subject: " + subject + "\r\n\r\nhi\r\n").code()).isEqualTo(250);
        }

        MimeMessage delivered = MSA.awaitDelivered(BOB, subject);
        assertThat(delivered.getHeader("Received")[0]).contains("[" + CLIENT + "]").doesNotContain("127.0.0.1");
        List<String> auditedClients = AuditQuery.find(MSA.auditDirectory(), AuditQuery.Filter.any()).stream()
            .filter(record -> AuditQuery.text(record, AuditField.AUTH_USER).equals(ALICE))
            .map(record -> AuditQuery.text(record, AuditField.CLIENT_IP)).collect(Collectors.toList());
        assertThat(auditedClients).containsExactly(CLIENT);
    }

    @Test
    void mxMailThroughHaproxyAfterHealthChecksIsAcceptedWithoutAnErrorInTheLog() throws Exception {
        // Several rounds of HAProxy's SMTP checks (every second; two failures in a row take the node out).
        Thread.sleep(3_000);
        try (SmtpClient mta = SmtpClient.connect("127.0.0.8", LB_SMTP, null)) {
            mta.ehlo("mta.elsewhere.example");
            assertThat(mta.sendMail("sender@elsewhere.example", BOB, "Subject: mx via haproxy\r\n\r\nhi\r\n").code()).isEqualTo(250);
        }
        // Logback appends under the appender's own lock, so reading the list under it sees no append half-done.
        synchronized (ERRORS) {
            // The sessions' own handling (James's protocol layer, the bundle's SMTP handlers); not, say, James's
            // garbage-collection leak detector, which reports whenever the collector happens to run.
            assertThat(ERRORS.list.stream().filter(event -> event.getLevel().isGreaterOrEqual(Level.ERROR))
                .filter(event -> event.getLoggerName().startsWith("org.apache.james.protocols")
                    || event.getLoggerName().startsWith("org.apache.james.smtpserver")
                    || event.getLoggerName().startsWith("org.jamesmsa.smtp"))
                .map(ILoggingEvent::getFormattedMessage)).isEmpty();
        }
    }

    @Test
    void aConnectionStraightToTheNodeFromAnUntrustedAddressIsClosedBeforeTheGreeting() throws Exception {
        try (Socket direct = new Socket()) {
            direct.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.9"), 0));
            direct.connect(new InetSocketAddress("127.0.0.1", MSA.settingsForTests().smtpPort()));
            direct.setSoTimeout(10_000);
            InputStream in = direct.getInputStream();

            assertThat(in.read()).as("closed without a byte").isEqualTo(-1);
        }
    }
}
