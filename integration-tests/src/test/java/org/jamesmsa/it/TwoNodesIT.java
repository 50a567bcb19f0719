package org.jamesmsa.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import org.jamesmsa.smtp.testing.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two nodes of the distribution, started together on one empty PostgreSQL database (cluster/postgres.sh), each with
 * its own MSA_HOME: both come up, an account made through one node's webadmin logs in on the other, and messages
 * delivered at once by both nodes into one mailbox get distinct IMAP UIDs, none lost; a password changed through one
 * node is refused on the other within 2 s (Redis carries the change).
 */
class TwoNodesIT {
    private static final Path DIST = Path.of(System.getProperty("msa.dist.dir"));
    private static final String DOMAIN = "cluster.test";
    private static final String USER = "carol@" + DOMAIN;
    private static final String PASSWORD = "carol's long password";
    private static final int MESSAGES_PER_NODE = 40;

    @RegisterExtension
    @Order(1)
    static final PostgresServer DATABASE = new PostgresServer();

    private static final List<Node> NODES = new ArrayList<>();
    private static RedisServer redis;

    private record Node(ServerProcess process, Path home, int mx, int submissions, int imaps, int webadmin) {
        SSLContext tls() throws Exception {
            return MsaTestServer.trusting(home.resolve("tls/cert.pem"));
        }
    }

    @BeforeAll
    static void startTwoNodesTogether() throws Exception {
        redis = RedisServer.started();
        for (int i = 1; i <= 2; i++) {
            Path home = Files.createTempDirectory("node" + i);
            int mx = FreePorts.next();
            int submissions = FreePorts.next();
            int imaps = FreePorts.next();
            int webadmin = FreePorts.next();
            Map<String, String> env = new HashMap<>(DATABASE.environment());
            env.putAll(Map.of("MSA_HOME", home.toString(), "MSA_DOMAIN", DOMAIN, "MSA_HOSTNAME", "mail" + i + "." + DOMAIN,
                "MSA_BIND_ADDRESS", "127.0.0.1", "MSA_SMTP_PORT", Integer.toString(mx),
                "MSA_SUBMISSION_PORT", "0", "MSA_SUBMISSIONS_PORT", Integer.toString(submissions),
                "MSA_IMAP_PORT", "0", "MSA_IMAPS_PORT", Integer.toString(imaps)));
            env.put("MSA_WEBADMIN_PORT", Integer.toString(webadmin));
            env.put("MSA_DNS_SERVERS", "127.0.0.1:" + FreePorts.next());
            env.put("MSA_REDIS", "redis://" + redis.hostAndPort());
            NODES.add(new Node(ServerProcess.start(List.of(DIST.resolve("bin/james-msa").toString()), env), home, mx,
                submissions, imaps, webadmin));
        }
        for (Node node : NODES) {
            node.process().awaitStarted(node.mx());
        }
        new WebAdminClient(NODES.get(0).webadmin()).addUser(USER, PASSWORD);
    }

    @AfterAll
    static void stopNodes() throws Exception {
        for (Node node : NODES) {
            node.process().close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static int authOn(Node node, String user, String password) throws Exception {
        try (SmtpClient client = SmtpClient.connectImplicitTls(node.submissions(), node.tls())) {
            client.ehlo("client.example");
            return client.authPlain(user, password).code();
        }
    }

    @Test
    void aSendingLimitSetThroughOneNodesWebadminHoldsOnTheOther() throws Exception {
        String user = "erin@" + DOMAIN;
        new WebAdminClient(NODES.get(0).webadmin()).addUser(user, "erin's long password");
        new WebAdminClient(NODES.get(0).webadmin()).setUserLimits(user, 1, 100);

        try (SmtpClient client = SmtpClient.connectImplicitTls(NODES.get(1).submissions(), NODES.get(1).tls())) {
            client.ehlo("client.example");
            assertThat(client.authPlain(user, "erin's long password").code()).isEqualTo(235);
            assertThat(client.sendMail(user, user, "Subject: one\r\n\r\nhi\r\n").code()).isEqualTo(250);
            assertThat(client.send("MAIL FROM:<" + user + ">").lines())
                .containsExactly("451 4.7.1 Sending limit reached: at most 1 messages per hour for " + user + "; try again later");
        }
    }

    /** Node 1 keeps the account it read at AUTH for 10 s (MSA_USERS_CACHE_SECONDS); Redis tells it of the change. */
    @Test
    void aPasswordChangedThroughOneNodeIsRefusedOnTheOtherWithinTwoSeconds() throws Exception {
        String user = "dave@" + DOMAIN;
        new WebAdminClient(NODES.get(0).webadmin()).addUser(user, "dave's first password");
        assertThat(authOn(NODES.get(0), user, "dave's first password")).as("node 1 keeps the account").isEqualTo(235);

        new WebAdminClient(NODES.get(1).webadmin()).changePassword(user, "dave's second password");
        Thread.sleep(2_000);

        assertThat(authOn(NODES.get(0), user, "dave's first password")).as("the old password, on node 1").isEqualTo(535);
        assertThat(authOn(NODES.get(0), user, "dave's second password")).isEqualTo(235);
    }

    @Test
    void anAccountMadeOnOneNodeLogsInOnTheOther() throws Exception {
        try (SmtpClient client = SmtpClient.connectImplicitTls(NODES.get(1).submissions(), NODES.get(1).tls())) {
            client.ehlo("client.example");
            assertThat(client.authPlain(USER, PASSWORD).code()).isEqualTo(235);
        }
    }

    @Test
    void deliveriesByBothNodesAtOnceIntoOneMailboxGetDistinctUids() throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(8);
        List<Future<Integer>> replies = new ArrayList<>();
        for (Node node : NODES) {
            for (int i = 0; i < MESSAGES_PER_NODE; i++) {
                String subject = "from " + node.mx() + " number " + i;
                replies.add(senders.submit(() -> {
                    try (SmtpClient mta = SmtpClient.connect(node.mx(), null)) {
                        mta.ehlo("mta.elsewhere.example");
                        return mta.sendMail("sender@elsewhere.example", USER, "Subject: " + subject + "\r\n\r\nhi\r\n").code();
                    }
                }));
            }
        }
        for (Future<Integer> reply : replies) {
            assertThat(reply.get(120, TimeUnit.SECONDS)).isEqualTo(250);
        }
        senders.shutdown();

        ImapMailbox mailbox = ImapMailbox.overImplicitTls(NODES.get(1).imaps(), NODES.get(1).tls(), USER, PASSWORD);
        MsaTestServer.awaitUntil("every message is in the mailbox", () -> {
            try {
                return mailbox.uids().size() >= 2 * MESSAGES_PER_NODE;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        List<Long> uids = mailbox.uids();
        assertThat(uids).hasSize(2 * MESSAGES_PER_NODE).doesNotHaveDuplicates();
        for (Node node : NODES) {
            // James's own UID counter hands a UID out twice across nodes: the second insert fails and is retried.
            assertThat(node.process().log()).as("no delivery failed on a UID the other node took")
                .doesNotContain("Error While storing mail");
        }
    }
}
