package org.jamesmsa.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jamesmsa.it.MsaTestServer.ALICE;
import static org.jamesmsa.it.MsaTestServer.ALICE_PASSWORD;
import static org.jamesmsa.it.MsaTestServer.BOB;
import static org.jamesmsa.it.MsaTestServer.BOB_PASSWORD;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.jamesmsa.it.SmtpClient.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The abuse limits of the packaged conf/, over TCP and TLS, each client from its own loopback address as the
 * limits count by address. Only the numbers that would make the test wait are lowered: the AUTH delay, the
 * command and data deadlines, the MX rate and the connections per address.
 */
class AbuseLimitsTest {
    private static final int COMMAND_TIMEOUT = 3;
    private static final int DATA_TIMEOUT = 4;

    @RegisterExtension
    static final MsaTestServer MSA = new MsaTestServer(Map.of("MSA_MX_CONNECTIONS_PER_CLIENT", "3")).withConfChanges(Map.of("smtpserver.xml", Map.of(
        "<failureDelay>500</failureDelay>", "<failureDelay>20</failureDelay>",
        "<commandTimeout>300</commandTimeout>", "<commandTimeout>" + COMMAND_TIMEOUT + "</commandTimeout>",
        "<dataTimeout>600</dataTimeout>", "<dataTimeout>" + DATA_TIMEOUT + "</dataTimeout>",
        "<addressMessagesPerHour>600</addressMessagesPerHour>", "<addressMessagesPerHour>3</addressMessagesPerHour>")));

    private static String message(String from, String subject) {
        return "From: <" + from + ">\r\nTo: <friend@remote.example>\r\nSubject: " + subject + "\r\n\r\nhello\r\n";
    }

    @Test
    void aForeignOriginsPreflightAndRequestToWebadminGetNoAccessControlHeader() throws Exception {
        WebAdminClient webAdmin = MSA.webAdmin();

        HttpResponse<String> preflight = WebAdminPasswordTest.foreignPreflight(webAdmin);
        HttpResponse<String> users = webAdmin.send(webAdmin.request("/users").header("Origin", "https://evil.example"));

        assertThat(preflight.headers().map().keySet()).noneMatch(name -> name.toLowerCase().startsWith("access-control-"));
        assertThat(users.statusCode()).isEqualTo(200);
        assertThat(users.headers().map().keySet()).noneMatch(name -> name.toLowerCase().startsWith("access-control-"));
    }

    @Test
    void threeFailuresInASessionCloseItWith421() throws IOException {
        try (SmtpClient client = MSA.submissionsFrom("127.0.0.60")) {
            assertThat(client.authPlain(ALICE, "guess 1").lines()).containsExactly("535 5.7.8 Authentication credentials invalid");
            assertThat(client.authPlain(ALICE, "guess 2").code()).isEqualTo(535);
            assertThat(client.authPlain(ALICE, ALICE_PASSWORD.substring(1)).lines())
                .containsExactly("421 4.7.0 Too many failed logins, closing connection");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void aBruteForcingAddressCoolsDownWhileTheOwnerLogsInFromAnother() throws IOException {
        int failures = 0;
        while (failures < 10) {
            try (SmtpClient attacker = failures % 2 == 0 ? MSA.submissionsFrom("127.0.0.66") : MSA.submissionAfterStartTlsFrom("127.0.0.66")) {
                for (int inSession = 0; inSession < 2 && failures < 10; inSession++, failures++) {
                    assertThat(attacker.authPlain(ALICE, "guess " + failures).code()).isEqualTo(535);
                }
            }
        }

        try (SmtpClient attacker = MSA.submissionAfterStartTlsFrom("127.0.0.66")) {
            assertThat(attacker.authPlain(ALICE, ALICE_PASSWORD).lines())
                .as("the right password, from the cooling-down address, is not even checked")
                .containsExactly("454 4.7.0 Too many failed logins from your address, try again later");
        }
        try (SmtpClient owner = MSA.submissionAfterStartTlsFrom("127.0.0.67")) {
            assertThat(owner.authPlain(ALICE, ALICE_PASSWORD).code()).isEqualTo(235);
            assertThat(owner.sendMail(ALICE, "friend@remote.example", message(ALICE, "owner during brute force")).code()).isEqualTo(250);
        }
    }

    @Test
    void theRecipientPastOneHundredIs452AndTheHundredAreSent() throws Exception {
        try (SmtpClient client = MSA.submissionsFrom("127.0.0.70")) {
            assertThat(client.authPlain(ALICE, ALICE_PASSWORD).code()).isEqualTo(235);
            assertThat(client.send("MAIL FROM:<" + ALICE + ">").code()).isEqualTo(250);
            for (int i = 0; i < 100; i++) {
                assertThat(client.send("RCPT TO:<friend" + i + "@remote.example>").code()).isEqualTo(250);
            }

            assertThat(client.send("RCPT TO:<friend100@remote.example>").lines())
                .containsExactly("452 4.5.3 Too many recipients: at most 100 per message; send the rest in another message");
            assertThat(client.send("DATA").code()).isEqualTo(354);
            client.write(message(ALICE, "a hundred recipients"));
            assertThat(client.send(".").code()).isEqualTo(250);
        }
        MsaTestServer.awaitUntil("the smarthost has a copy for each of the 100 recipients",
            () -> MSA.relayedCopies("a hundred recipients") == 100);
    }

    @Test
    void aUsersHourlyLimitSetThroughWebadminCountsAcrossBothListenersAndIsRefused451NamingIt() throws Exception {
        MSA.webAdmin().setUserLimits(BOB, 2, 50);

        try (SmtpClient on587 = MSA.submissionAfterStartTlsFrom("127.0.0.75"); SmtpClient on465 = MSA.submissionsFrom("127.0.0.75")) {
            assertThat(on587.authPlain(BOB, BOB_PASSWORD).code()).isEqualTo(235);
            assertThat(on465.authPlain(BOB, BOB_PASSWORD).code()).isEqualTo(235);
            assertThat(on587.sendMail(BOB, "friend@remote.example", message(BOB, "bob 1")).code()).isEqualTo(250);
            assertThat(on465.sendMail(BOB, "friend@remote.example", message(BOB, "bob 2")).code()).isEqualTo(250);

            assertThat(on587.send("MAIL FROM:<" + BOB + ">").lines())
                .containsExactly("451 4.7.1 Sending limit reached: at most 2 messages per hour for bob@msa.test; try again later");
        }
        HttpResponse<String> limits = MSA.webAdmin().send(MSA.webAdmin().request("/msa/user-limits/" + BOB));
        assertThat(limits.body()).contains("\"messagesPerHour\":2");
    }

    @Test
    void theMxListenerLimitsMessagesPerClientAddress() throws IOException {
        for (int i = 0; i < 3; i++) {
            try (SmtpClient mta = SmtpClient.connect("127.0.0.80", MSA.settingsForTests().smtpPort(), null)) {
                mta.ehlo("mta.example");
                assertThat(mta.sendMail("sender@remote.example", ALICE, message("sender@remote.example", "mx " + i)).code()).isEqualTo(250);
            }
        }

        try (SmtpClient mta = SmtpClient.connect("127.0.0.80", MSA.settingsForTests().smtpPort(), null);
             SmtpClient other = SmtpClient.connect("127.0.0.81", MSA.settingsForTests().smtpPort(), null)) {
            mta.ehlo("mta.example");
            other.ehlo("other.example");
            assertThat(mta.send("MAIL FROM:<sender@remote.example>").lines())
                .containsExactly("451 4.7.1 Sending limit reached: at most 3 messages per hour from your address; try again later");
            assertThat(other.send("MAIL FROM:<sender@remote.example>").code()).isEqualTo(250);
        }
    }

    @Test
    void connectionsPastThePerAddressLimitAreClosedAndOtherAddressesStillConnect() throws IOException {
        List<SmtpClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                open.add(SmtpClient.connect("127.0.0.85", MSA.settingsForTests().smtpPort(), null));
            }

            assertThat(connectsAndIsGreeted("127.0.0.85")).as("a fourth connection from the address").isFalse();
            assertThat(connectsAndIsGreeted("127.0.0.86")).isTrue();
        } finally {
            for (SmtpClient client : open) {
                client.close();
            }
        }
    }

    private static boolean connectsAndIsGreeted(String source) {
        try (SmtpClient ignored = SmtpClient.connect(source, MSA.settingsForTests().smtpPort(), null)) {
            return true;
        } catch (IOException closed) {
            return false;
        }
    }

    @Test
    void tenTricklingClientsAreClosedByTheDeadlineWhileANormalClientSubmits() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<List<String>>> tricklers = new ArrayList<>();
            List<Integer> deadlines = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String source = "127.0.1." + (10 + i);
                boolean inData = i % 2 == 1;
                tricklers.add(pool.submit(() -> trickle(source, inData)));
                deadlines.add(inData ? DATA_TIMEOUT : COMMAND_TIMEOUT);
            }

            try (SmtpClient normal = MSA.submissionAfterStartTlsFrom("127.0.0.90")) {
                assertThat(normal.authPlain(ALICE, ALICE_PASSWORD).code()).isEqualTo(235);
                assertThat(normal.sendMail(ALICE, "friend@remote.example", message(ALICE, "while others trickle")).code()).isEqualTo(250);
            }

            for (int i = 0; i < tricklers.size(); i++) {
                List<String> reply = tricklers.get(i).get(30, TimeUnit.SECONDS);
                assertThat(reply.get(0)).startsWith("421 4.4.2 ").endsWith("Error: timeout exceeded, closing connection");
                long millis = Long.parseLong(reply.get(1));
                assertThat(millis).as("closed at the configured deadline, whatever the client trickles, not at twice it")
                    .isBetween(deadlines.get(i) * 1000L - 500, deadlines.get(i) * 1000L + 1500);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * One byte every 200 ms, never a whole line: on MX in the command phase, or on submission within a message.
     * Returns the server's reply and after how many seconds of trickling it came.
     */
    private static List<String> trickle(String source, boolean inData) throws Exception {
        try (SmtpClient client = inData ? MSA.submissionsFrom(source) : SmtpClient.connect(source, MSA.settingsForTests().smtpPort(), null)) {
            if (inData) {
                assertThat(client.authPlain(ALICE, ALICE_PASSWORD).code()).isEqualTo(235);
                assertThat(client.send("MAIL FROM:<" + ALICE + ">").code()).isEqualTo(250);
                assertThat(client.send("RCPT TO:<friend@remote.example>").code()).isEqualTo(250);
                assertThat(client.send("DATA").code()).isEqualTo(354);
            }
            Instant start = Instant.now();
            Thread writer = new Thread(() -> {
                try {
                    while (true) {
                        client.writeRaw("x");
                        Thread.sleep(200);
                    }
                } catch (IOException | InterruptedException stopped) {
                    // the server closed the connection, or the test is over
                }
            });
            writer.start();
            try {
                Reply reply = client.read();
                return List.of(reply.lines().get(0), Long.toString(Duration.between(start, Instant.now()).toMillis()));
            } finally {
                writer.interrupt();
            }
        }
    }
}
