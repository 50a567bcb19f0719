package org.jamesmsa.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;

import org.jamesmsa.smtp.testing.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes, each the distribution's launcher in its own process with its own MSA_HOME, share their limits' counters
 * in a real redis-server (MSA_REDIS): one user sending through both is held to one hourly limit.
 */
class SharedLimitsIT {
    private static final Path DIST = Path.of(System.getProperty("msa.dist.dir"));
    private static final String DOMAIN = "shared.test";
    private static final String USER = "carol@" + DOMAIN;
    private static final String PASSWORD = "carol's password";

    private record Node(ServerProcess process, int submissions, SSLContext tls) {
        SmtpClient authenticated() throws Exception {
            SmtpClient client = SmtpClient.connectImplicitTls(submissions, tls);
            client.ehlo("client.example");
            assertThat(client.authPlain(USER, PASSWORD).code()).isEqualTo(235);
            return client;
        }
    }

    private final List<NextHopServer> sinks = new ArrayList<>();
    private RedisServer redis;
    private Node first;
    private Node second;

    @BeforeEach
    void startRedisAndTwoNodes() throws Exception {
        redis = RedisServer.started();
        first = node();
        second = node();
    }

    @AfterEach
    void stopAll() throws Exception {
        for (Node node : new Node[] {first, second}) {
            if (node != null) {
                node.process().close();
            }
        }
        redis.close();
        for (NextHopServer sink : sinks) {
            sink.close();
        }
    }

    private Node node() throws Exception {
        Path home = Files.createTempDirectory("shared-node");
        int mx = FreePorts.next();
        int submissions = FreePorts.next();
        int webadmin = FreePorts.next();
        NextHopServer sink = NextHopServer.acceptingSlowly(Duration.ZERO);
        sinks.add(sink);
        ServerProcess process = ServerProcess.start(List.of(DIST.resolve("bin/james-msa").toString()), Map.ofEntries(
            Map.entry("MSA_HOME", home.toString()), Map.entry("MSA_DOMAIN", DOMAIN), Map.entry("MSA_HOSTNAME", "mail." + DOMAIN),
            Map.entry("MSA_SMARTHOST_TLS", "none"), Map.entry("MSA_BIND_ADDRESS", "127.0.0.1"),
            Map.entry("MSA_SMTP_PORT", Integer.toString(mx)), Map.entry("MSA_SUBMISSION_PORT", "0"),
            Map.entry("MSA_SUBMISSIONS_PORT", Integer.toString(submissions)),
            Map.entry("MSA_WEBADMIN_PORT", Integer.toString(webadmin)), Map.entry("MSA_IMAP_PORT", "0"),
            Map.entry("MSA_IMAPS_PORT", "0"), Map.entry("MSA_SMARTHOST", "127.0.0.1:" + sink.port()),
            Map.entry("MSA_REDIS", redis.hostAndPort())));
        process.awaitStarted(mx);
        WebAdminClient webAdmin = new WebAdminClient(webadmin);
        webAdmin.addUser(USER, PASSWORD);
        webAdmin.setUserLimits(USER, 3, 100);
        return new Node(process, submissions, MsaTestServer.trusting(home.resolve("tls/cert.pem")));
    }

    private static String message(int n) {
        return "From: <" + USER + ">\r\nTo: <friend@remote.example>\r\nSubject: shared " + n + "\r\n\r\nhello\r\n";
    }

    @Test
    void oneUserThroughTwoNodesIsHeldToOneHourlyLimit() throws Exception {
        try (SmtpClient onFirst = first.authenticated(); SmtpClient onSecond = second.authenticated()) {
            assertThat(onFirst.sendMail(USER, "friend@remote.example", message(1)).code()).isEqualTo(250);
            assertThat(onSecond.sendMail(USER, "friend@remote.example", message(2)).code()).isEqualTo(250);
            assertThat(onFirst.sendMail(USER, "friend@remote.example", message(3)).code()).isEqualTo(250);

            String refusal = "451 4.7.1 Sending limit reached: at most 3 messages per hour for " + USER + "; try again later";
            assertThat(onSecond.send("MAIL FROM:<" + USER + ">").lines()).containsExactly(refusal);
            assertThat(onFirst.send("MAIL FROM:<" + USER + ">").lines()).containsExactly(refusal);
        }
        assertThat(second.process().log()).as("the refusal is logged with the user, the address and the limit")
            .contains("MAIL refused for " + USER + " from 127.0.0.1 in session")
            .contains("at most 3 messages per hour for " + USER);
    }

    @Test
    void whenRedisDiesEachNodeCountsAloneSaysWhyAndSharesAgainOnceItIsBack() throws Exception {
        redis.stop();

        try (SmtpClient client = first.authenticated()) {
            for (int i = 0; i < 3; i++) {
                assertThat(client.sendMail(USER, "friend@remote.example", message(10 + i)).code()).as("never refused for want of Redis")
                    .isEqualTo(250);
            }
            assertThat(client.send("MAIL FROM:<" + USER + ">").code()).as("the limit still holds, in this node").isEqualTo(451);
        }
        try (SmtpClient client = second.authenticated()) {
            assertThat(client.sendMail(USER, "friend@remote.example", message(20)).code())
                .as("the other node counts on its own meanwhile").isEqualTo(250);
        }
        assertThat(first.process().log()).contains("Rate limiter: Redis at redis://" + redis.hostAndPort()
            + "/0 does not answer").contains("limits are counted in this node alone until it answers again");

        redis.start();
        try (SmtpClient client = first.authenticated()) {
            MsaTestServer.awaitUntil("the node uses Redis again, by itself", () -> {
                try {
                    client.send("RSET");
                    client.send("MAIL FROM:<" + USER + ">");
                    return first.process().log().contains("Rate limiter: Redis at redis://" + redis.hostAndPort() + "/0 answers again");
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }
}
