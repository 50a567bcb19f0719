package org.jamesmsa.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The cluster an operator tries on one machine, started by {@code cluster/cluster.sh} as the operator starts it:
 * PostgreSQL, Redis, HAProxy and two nodes of the distribution, started together on an empty database. Real clients
 * connect to HAProxy from loopback addresses of the test's choosing; which node answered is read from the greeting.
 * The engines are started once for every case; the cases that stop Redis and PostgreSQL come last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
    private static final Path SCRIPT = Path.of(System.getProperty("msa.cluster.dir"), "cluster.sh");
    private static final Path DIST = Path.of(System.getProperty("msa.dist.dir"));
    private static final String DOMAIN = "cluster.test";
    private static final String DATABASE_PASSWORD = "a cluster database password";
    private static final int MAX_FAILURES_PER_ADDRESS = 4;
    private static final int CONNECTIONS_PER_CLIENT = 3;
    private static final Pattern NODE = Pattern.compile("^220 (node\\d+)\\." + Pattern.quote(DOMAIN));
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path dir;
    private static Map<String, String> cluster;
    private static NextHopServer sink;
    private static SSLContext tls;

    @BeforeAll
    static void startTheClusterFromItsScript() throws Exception {
        Path base = Files.createTempDirectory("cluster");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        dir = base.resolve("c");
        sink = NextHopServer.acceptingSlowly(Duration.ZERO);
        script("start", "2");
        cluster = readEnvironment(dir.resolve("cluster.env"));
        tls = MsaTestServer.trusting(dir.resolve("tls/cert.pem"));
    }

    @AfterAll
    static void stopTheCluster() throws Exception {
        if (dir != null) {
            script("stop");
        }
        if (sink != null) {
            sink.close();
        }
    }

    /**
     * The packaged conf, with the failed-login budget small and unslowed so that the throttle is seen in a few
     * logins, and a small connection limit per client: given to every node by MSA_CONF_DIR.
     */
    private static Path conf() throws IOException {
        Path conf = Files.createTempDirectory("cluster-conf");
        try (var files = Files.list(DIST.resolve("conf"))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.copy(file, conf.resolve(file.getFileName()));
            }
        }
        Path smtp = conf.resolve("smtpserver.xml");
        Files.writeString(smtp, Files.readString(smtp)
            .replace("<maxFailuresPerAddress>10</maxFailuresPerAddress>", "<maxFailuresPerAddress>" + MAX_FAILURES_PER_ADDRESS + "</maxFailuresPerAddress>")
            .replace("<failureDelay>500</failureDelay>", "<failureDelay>0</failureDelay>"));
        return conf;
    }

    private static String script(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(SCRIPT.toString(), arguments[0], dir.toString()));
        command.addAll(List.of(arguments).subList(1, arguments.length));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("MSA_LAUNCHER", DIST.resolve("bin/james-msa").toString());
        env.put("MSA_CONF_DIR", conf().toString());
        env.put("MSA_DOMAIN", DOMAIN);
        env.put("MSA_DATABASE_PASSWORD", DATABASE_PASSWORD);
        env.put("MSA_DNS_SERVERS", "127.0.0.1:" + FreePorts.next());
        env.put("MSA_SMARTHOST", "127.0.0.1:" + sink.port());
        env.put("MSA_SMARTHOST_TLS", "none");
        env.put("MSA_SUBMISSION_CONNECTIONS_PER_CLIENT", Integer.toString(CONNECTIONS_PER_CLIENT));
        env.put("JAVA_TOOL_OPTIONS", ServerProcess.LOOPBACK_DNS);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(300, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed:\n" + output + logs());
        }
        return output;
    }

    private static String logs() throws IOException {
        StringBuilder logs = new StringBuilder();
        for (String node : List.of("node1", "node2")) {
            Path log = dir.resolve(node + ".log");
            if (Files.exists(log)) {
                List<String> lines = Files.readAllLines(log);
                logs.append("\n--- ").append(node).append(" (last lines)\n")
                    .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size())));
            }
        }
        return logs.toString();
    }

    private static Map<String, String> readEnvironment(Path file) throws IOException {
        Map<String, String> values = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.startsWith("#") && line.contains("=")) {
                values.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        return values;
    }

    private static int port(String name) {
        return Integer.parseInt(cluster.get(name));
    }

    private static String nodeAddress(int node) {
        return cluster.get("MSA_NODE" + node + "_ADDRESS");
    }

    private static WebAdminClient webAdmin(int node) {
        return new WebAdminClient(nodeAddress(node), port("MSA_NODE_WEBADMIN_PORT"), Optional.empty());
    }

    private static String log(String node) throws IOException {
        return Files.readString(dir.resolve(node + ".log"));
    }

    /** Which node greeted. */
    private static String nodeOf(SmtpClient client) {
        Matcher matcher = NODE.matcher(client.greeting());
        assertThat(matcher.find()).as("greeting " + client.greeting()).isTrue();
        return matcher.group(1);
    }

    /** A session on 465 through HAProxy from {@code client}. */
    private static SmtpClient submission(String client) throws IOException {
        SmtpClient session = SmtpClient.connectImplicitTls(client, port("MSA_LB_SUBMISSIONS_PORT"), tls);
        session.ehlo("laptop.example");
        return session;
    }

    private static String newUser(String name) throws Exception {
        String user = name + "@" + DOMAIN;
        webAdmin(1).addUser(user, name + "'s long password");
        return user;
    }

    @Test
    @Order(10)
    void bothNodesStartedTogetherOnAnEmptyDatabaseAndShareOneDkimKey() throws Exception {
        assertThat(script("status")).contains("node1 running", "node2 running", "redis running", "haproxy running", "postgres running");
        try (Connection connection = DriverManager.getConnection(cluster.get("MSA_CLUSTER_DATABASE_URL"), "james", DATABASE_PASSWORD);
             ResultSet keys = connection.createStatement().executeQuery(
                 "SELECT COUNT(*) FROM msa_dkim_key WHERE domain_name = '" + DOMAIN + "' AND in_use = 1")) {
            assertThat(keys.next()).isTrue();
            assertThat(keys.getInt(1)).as("one DKIM key per algorithm (RSA, Ed25519) for the domain, whichever node signs").isEqualTo(2);
        }
        for (String node : List.of("node1", "node2")) {
            assertThat(dir.resolve(node + "/dkim/" + DOMAIN)).as("no key of the node's own").doesNotExist();
        }
    }

    @Test
    @Order(20)
    void anAccountMadeThroughNode1LogsInOnBothNodes() throws Exception {
        String user = newUser("carol");
        Set<String> nodes = new HashSet<>();
        for (int i = 0; i < 6 && nodes.size() < 2; i++) {
            try (SmtpClient client = submission("127.0.0.51")) {
                nodes.add(nodeOf(client));
                assertThat(client.authPlain(user, "carol's long password").code()).isEqualTo(235);
            }
        }
        assertThat(nodes).as("HAProxy spread the sessions").containsExactlyInAnyOrder("node1", "node2");
    }

    @Test
    @Order(30)
    void receivedAndTheAuditRecordCarryTheClientsAddressNotHaproxys() throws Exception {
        String user = newUser("dave");
        String subject = "through haproxy " + UUID.randomUUID();
        String node;
        try (SmtpClient client = submission("127.0.0.52")) {
            node = nodeOf(client);
            assertThat(client.authPlain(user, "dave's long password").code()).isEqualTo(235);
            assertThat(client.sendMail(user, "friend@elsewhere.example", "From: " + user + "\r\nSubject: " + subject
                + "\r\n\r\nhi\r\n").code()).isEqualTo(250);
        }
        MsaTestServer.awaitUntil("the next hop has the message", () -> relayed(subject).isPresent());
        String header = relayed(subject).orElseThrow().split("\r\n\r\n", 2)[0];
        assertThat(header).contains("[127.0.0.52]").doesNotContain("[127.0.0.1]")
            .containsPattern("DKIM-Signature: [^\\n]* s=msa1; d=" + DOMAIN + ";");

        // The queue is shared: the record is in the chain of whichever node processed the message.
        List<JsonNode> records = new ArrayList<>();
        for (int number = 1; number <= 2; number++) {
            JSON.readTree(webAdmin(number).send(webAdmin(number).request("/msa/audit?user=" + user + "&since=1h")).body())
                .forEach(records::add);
        }
        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.path("clientIp").asText()).isEqualTo("127.0.0.52");
            assertThat(record.path("acceptedBy").asText()).as("the node that answered 250").isEqualTo(node);
            assertThat(record.path("node").asText()).as("MSA_NODE_ID of the node that processed it").matches("node[12]");
        });
    }

    @Test
    @Order(40)
    void theFailedLoginBudgetOfAnAddressHoldsAcrossNodes() throws Exception {
        String user = newUser("erin");
        Map<String, Integer> failuresPerNode = new HashMap<>();
        for (int failures = 0; failures < MAX_FAILURES_PER_ADDRESS; failures++) {
            try (SmtpClient client = submission("127.0.0.53")) {
                failuresPerNode.merge(nodeOf(client), 1, Integer::sum);
                assertThat(client.authPlain(user, "a guess " + failures).code()).isEqualTo(535);
            }
        }
        assertThat(failuresPerNode).as("the guesses reached both nodes, neither alone reaching the budget").hasSize(2)
            .allSatisfy((node, failures) -> assertThat(failures).isLessThan(MAX_FAILURES_PER_ADDRESS));
        for (int i = 0; i < 2; i++) {
            try (SmtpClient client = submission("127.0.0.53")) {
                assertThat(client.authPlain(user, "erin's long password").lines()).as(nodeOf(client))
                    .containsExactly("454 4.7.0 Too many failed logins from your address, try again later");
            }
        }
        try (SmtpClient owner = submission("127.0.0.54")) {
            assertThat(owner.authPlain(user, "erin's long password").code()).as("the owner, from elsewhere").isEqualTo(235);
        }
    }

    @Test
    @Order(50)
    void theHourlyLimitOfAUserHoldsAcrossNodes() throws Exception {
        String user = newUser("frank");
        webAdmin(2).setUserLimits(user, 3, 100);
        Set<String> nodes = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            try (SmtpClient client = submission("127.0.0.55")) {
                nodes.add(nodeOf(client));
                client.authPlain(user, "frank's long password");
                assertThat(client.sendMail(user, "friend@elsewhere.example", "Subject: " + i + "\r\n\r\nhi\r\n").code()).isEqualTo(250);
            }
        }
        assertThat(nodes).hasSize(2);
        try (SmtpClient client = submission("127.0.0.55")) {
            client.authPlain(user, "frank's long password");
            assertThat(client.send("MAIL FROM:<" + user + ">").lines()).as(nodeOf(client))
                .containsExactly("451 4.7.1 Sending limit reached: at most 3 messages per hour for " + user + "; try again later");
        }
    }

    @Test
    @Order(60)
    void aPasswordChangedOnNode2IsRefusedOnNode1WithinTwoSeconds() throws Exception {
        String user = newUser("grace");
        Set<String> nodes = new HashSet<>();
        for (int i = 0; i < 6 && nodes.size() < 2; i++) {
            try (SmtpClient client = submission("127.0.0.56")) {
                nodes.add(nodeOf(client));
                assertThat(client.authPlain(user, "grace's long password").code()).as("both nodes keep the account").isEqualTo(235);
            }
        }

        webAdmin(2).changePassword(user, "grace's second password");
        Thread.sleep(2_000);

        nodes.clear();
        for (int i = 0; i < 6 && nodes.size() < 2; i++) {
            try (SmtpClient client = submission("127.0.0.57")) {
                nodes.add(nodeOf(client));
                assertThat(client.authPlain(user, "grace's long password").code()).as("the old password on " + nodeOf(client)).isEqualTo(535);
            }
        }
        assertThat(nodes).hasSize(2);
        try (SmtpClient client = submission("127.0.0.58")) {
            assertThat(client.authPlain(user, "grace's second password").code()).isEqualTo(235);
        }
    }

    /** Suspended through node 1: node 2 refuses the right password within 2 s, and takes it again once resumed. */
    @Test
    @Order(65)
    void anAccountSuspendedThroughNode1IsRefusedOnBothNodesWithinTwoSeconds() throws Exception {
        String user = newUser("nina");
        WebAdminClient webAdmin = webAdmin(1);
        HttpResponse<String> suspended = webAdmin.send(webAdmin.request("/msa/suspensions/" + user)
            .PUT(HttpRequest.BodyPublishers.ofString("{\"reason\": \"stolen password\", \"by\": \"cluster test\"}")));
        assertThat(suspended.statusCode()).as(suspended.body()).isEqualTo(200);
        Thread.sleep(2_000);

        Set<String> nodes = new HashSet<>();
        for (int i = 0; i < 6 && nodes.size() < 2; i++) {
            try (SmtpClient client = submission("127.0.0.70")) {
                nodes.add(nodeOf(client));
                assertThat(client.authPlain(user, "nina's long password").lines()).as("on " + nodeOf(client))
                    .containsExactly("535 5.7.8 Account suspended; contact the postmaster");
            }
        }
        assertThat(nodes).hasSize(2);

        webAdmin = webAdmin(2);
        assertThat(webAdmin.send(webAdmin.request("/msa/suspensions/" + user).DELETE()).statusCode()).isEqualTo(200);
        Thread.sleep(2_000);
        nodes.clear();
        for (int i = 0; i < 6 && nodes.size() < 2; i++) {
            try (SmtpClient client = submission("127.0.0.71")) {
                nodes.add(nodeOf(client));
                assertThat(client.authPlain(user, "nina's long password").code()).as("resumed, on " + nodeOf(client)).isEqualTo(235);
            }
        }
        assertThat(nodes).hasSize(2);
    }

    @Test
    @Order(70)
    void aClientsConnectionsAreCountedAcrossNodes() throws Exception {
        List<SmtpClient> open = new ArrayList<>();
        Set<String> nodes = new HashSet<>();
        try {
            for (int i = 0; i < CONNECTIONS_PER_CLIENT; i++) {
                SmtpClient client = SmtpClient.connectImplicitTls("127.0.0.59", port("MSA_LB_SUBMISSIONS_PORT"), tls);
                open.add(client);
                nodes.add(nodeOf(client));
                assertThat(client.ehlo("laptop.example").code()).isEqualTo(250);
            }
            try (SmtpClient oneMore = SmtpClient.connectImplicitTls("127.0.0.59", port("MSA_LB_SUBMISSIONS_PORT"), tls)) {
                assertThat(oneMore.ehlo("laptop.example").lines()).as(nodeOf(oneMore))
                    .containsExactly("421 4.7.0 Too many connections from your address; try again later");
            }
            assertThat(nodes).as("the connections were spread, and counted together").hasSize(2);
        } finally {
            for (SmtpClient client : open) {
                client.close();
            }
        }
    }

    @Test
    @Order(80)
    void deliveriesByBothNodesAtOnceIntoOneMailboxGetDistinctUids() throws Exception {
        String user = newUser("heidi");
        int messages = 60;
        ExecutorService senders = Executors.newFixedThreadPool(8);
        List<Future<String>> replies = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            String subject = "concurrent " + i;
            replies.add(senders.submit(() -> {
                try (SmtpClient mta = SmtpClient.connect("127.0.0.60", port("MSA_LB_SMTP_PORT"), null)) {
                    mta.ehlo("mta.elsewhere.example");
                    assertThat(mta.sendMail("sender@elsewhere.example", user, "Subject: " + subject + "\r\n\r\nhi\r\n").code()).isEqualTo(250);
                    return nodeOf(mta);
                }
            }));
        }
        Set<String> nodes = new HashSet<>();
        for (Future<String> reply : replies) {
            nodes.add(reply.get(120, TimeUnit.SECONDS));
        }
        senders.shutdown();
        assertThat(nodes).hasSize(2);

        ImapMailbox mailbox = ImapMailbox.overImplicitTls(nodeAddress(1), port("MSA_NODE_IMAPS_PORT"), tls, user, "heidi's long password");
        MsaTestServer.awaitUntil("every message is in the mailbox", () -> {
            try {
                return mailbox.uids().size() >= messages;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(mailbox.uids()).hasSize(messages).doesNotHaveDuplicates();
        assertThat(log("node1") + log("node2")).as("a new user's first deliveries on both nodes made one INBOX")
            .doesNotContain("NonUniqueResultException");
        for (String node : List.of("node1", "node2")) {
            assertThat(log(node)).as("no delivery failed on a UID the other node took").doesNotContain("Error While storing mail");
        }
    }

    /** The documented fallback: each node counts alone, mail flows; Redis back, limits are shared again by themselves. */
    @Test
    @Order(90)
    void withRedisStoppedMailFlowsAndLimitsAreCountedPerNodeUntilItIsBack() throws Exception {
        String user = newUser("ivan");
        script("stop", "redis");
        try {
            for (int i = 0; i < 2; i++) {
                try (SmtpClient client = submission("127.0.0.61")) {
                    assertThat(client.authPlain(user, "ivan's long password").code()).isEqualTo(235);
                    assertThat(client.sendMail(user, "friend@elsewhere.example", "Subject: redis away " + i + "\r\n\r\nhi\r\n").code())
                        .as(nodeOf(client)).isEqualTo(250);
                }
            }
            assertThat(log("node1") + log("node2")).contains("does not answer").contains("limits are counted in this node alone");
        } finally {
            script("start");
        }
        // Lettuce reconnects by itself, after a back-off of up to 30 s.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(log("node1") + log("node2")).contains("limits are shared again") && System.nanoTime() < deadline) {
            submission("127.0.0.61").close();
            Thread.sleep(500);
        }
        assertThat(log("node1") + log("node2")).contains("limits are shared again");
        assertThat(script("status")).contains("node1 running", "node2 running");
    }

    /** Accounts cannot be read: a temporary refusal, nothing accepted; the database back, service resumes by itself. */
    @Test
    @Order(100)
    void withPostgresqlStoppedLoginsAreRefusedForNowAndServiceResumesWhenItIsBack() throws Exception {
        String user = newUser("judy");
        script("stop", "postgres");
        try {
            try (SmtpClient client = submission("127.0.0.62")) {
                assertThat(client.authPlain(user, "judy's long password").lines()).as(nodeOf(client))
                    .singleElement().asString().startsWith("454 4.7.0");
            }
        } finally {
            script("start");
        }
        MsaTestServer.awaitUntil("both nodes take logins again", () -> {
            Set<String> nodes = new HashSet<>();
            for (int i = 0; i < 4; i++) {
                try (SmtpClient client = submission("127.0.0.62")) {
                    if (client.authPlain(user, "judy's long password").code() == 235) {
                        nodes.add(nodeOf(client));
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            return nodes.size() == 2;
        });
    }

    /**
     * Submissions through HAProxy from several threads until stopped: each a new session (implicit TLS, AUTH, one
     * message to the next hop, a subject of its own). Keeps the subjects answered 250 and every other outcome.
     */
    private static final class Load implements AutoCloseable {
        private final ExecutorService threads = Executors.newFixedThreadPool(4);
        private final java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        private final java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        final Set<String> accepted = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final List<String> refused = new java.util.concurrent.CopyOnWriteArrayList<>();
        final java.util.concurrent.atomic.AtomicInteger broken = new java.util.concurrent.atomic.AtomicInteger();

        Load(String user, String password, String client, String tag) {
            for (int t = 0; t < 4; t++) {
                threads.submit(() -> {
                    while (running.get()) {
                        String subject = tag + " " + next.incrementAndGet();
                        try (SmtpClient session = submission(client)) {
                            session.authPlain(user, password);
                            SmtpClient.Reply reply = session.sendMail(user, "friend@elsewhere.example",
                                "From: " + user + "\r\nSubject: " + subject + "\r\n\r\nload\r\n");
                            if (reply.code() == 250) {
                                accepted.add(subject);
                            } else {
                                refused.add(reply.text());
                            }
                        } catch (IOException | RuntimeException e) {
                            broken.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            threads.shutdown();
            assertThat(threads.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
        }

        /** Waits until every accepted message reached the next hop; returns how many arrived more than once. */
        long awaitEveryAcceptedMessage() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!missing().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(missing()).as("accepted (250) but never delivered").isEmpty();
            Map<String, Long> copies = copies();
            return accepted.stream().filter(subject -> copies.getOrDefault(subject, 0L) > 1).count();
        }

        private Set<String> missing() {
            Map<String, Long> copies = copies();
            Set<String> missing = new HashSet<>(accepted);
            missing.removeIf(subject -> copies.getOrDefault(subject, 0L) > 0);
            return missing;
        }

        private static Map<String, Long> copies() {
            Map<String, Long> copies = new HashMap<>();
            for (String message : sink.received()) {
                Matcher subject = Pattern.compile("(?m)^Subject: (.*)\r?$").matcher(message);
                if (subject.find()) {
                    copies.merge(subject.group(1), 1L, Long::sum);
                }
            }
            return copies;
        }
    }

    private static Optional<String> relayed(String subject) {
        return sink.received().stream().filter(message -> message.contains("Subject: " + subject)).findFirst();
    }

    /** A node dies (SIGKILL) under load: what it answered 250 is in the shared queue, and the other node delivers it. */
    @Test
    @Order(110)
    void everyMessageANodeAcceptedBeforeItWasKilledIsDeliveredByTheOther() throws Exception {
        String user = newUser("kim");
        Load load = killedUnderLoad(user, "kim's long password", "127.0.0.63", "node2");
        script("start");
        assertThat(script("status")).contains("node2 running");

        // One audit across nodes: both chains intact (node 2's after its crash and restart), every accepted message
        // recorded by whichever node processed it, naming the node that accepted it.
        String[] dirs = {"--dir", dir.resolve("node1/audit").toString(), "--dir", dir.resolve("node2/audit").toString()};
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        org.jamesmsa.audit.AuditTool.Console console = new org.jamesmsa.audit.AuditTool.Console(new java.io.PrintStream(out, true,
            StandardCharsets.UTF_8), System.err, false, java.time.Clock.systemUTC());
        assertThat(org.jamesmsa.audit.AuditTool.run(concat(dirs, "verify"), Map.of(), console)).as(out.toString(StandardCharsets.UTF_8)).isZero();
        out.reset();
        assertThat(org.jamesmsa.audit.AuditTool.run(concat(dirs, "find", "--user", user, "--json"), Map.of(), console)).isZero();
        List<JsonNode> records = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            records.add(JSON.readTree(line));
        }
        assertThat(records).hasSizeGreaterThanOrEqualTo(load.accepted.size());
        assertThat(records).extracting(record -> record.path("acceptedBy").asText()).contains("node1", "node2");
    }

    /**
     * {@code part} killed (SIGKILL) while four clients submit through HAProxy from {@code client}: every message
     * answered 250 reaches the next hop, no reply but 250 or 4xx; the counts are printed for the record.
     */
    private static Load killedUnderLoad(String user, String password, String client, String part) throws Exception {
        webAdmin(1).setUserLimits(user, 100_000, 100_000);
        Load load = new Load(user, password, client, part + " killed");
        try {
            MsaTestServer.awaitUntil("a few messages accepted", () -> load.accepted.size() >= 20);
            script("kill", part);
            int acceptedAtKill = load.accepted.size();
            MsaTestServer.awaitUntil("messages accepted after the kill", () -> load.accepted.size() >= acceptedAtKill + 20);
        } finally {
            load.close();
        }
        long duplicates = load.awaitEveryAcceptedMessage();
        System.out.printf("ClusterIT %s killed: %d accepted, %d delivered twice, %d refused %s, %d sessions broken%n", part,
            load.accepted.size(), duplicates, load.refused.size(), load.refused.stream().distinct().limit(3).toList(),
            load.broken.get());
        assertThat(load.refused).as("no refusal but temporary ones").allSatisfy(reply -> assertThat(reply).startsWith("4"));
        return load;
    }

    private static String[] concat(String[] first, String... rest) {
        String[] all = java.util.Arrays.copyOf(first, first.length + rest.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }

    /** The master broker dies (SIGKILL) under load: the slave serves the same journal; clients see at most 4xx. */
    @Test
    @Order(120)
    void whenTheMasterBrokerIsKilledTheSlaveTakesOverAndEveryAcceptedMessageIsDelivered() throws Exception {
        killedUnderLoad(newUser("lee"), "lee's long password", "127.0.0.64", "broker1");
        assertThat(Files.readString(dir.resolve("broker2.log"))).contains("serves on");
    }

    /** No broker at all: the end of DATA gets 451 4.3.0 in bounded time, never 250; a broker back, mail is taken again. */
    @Test
    @Order(130)
    void withNoBrokerTheEndOfDataIsRefusedForNowAndMailIsTakenAgainWhenOneIsBack() throws Exception {
        String user = newUser("mia");
        script("stop", "broker1", "broker2");
        try (SmtpClient client = submission("127.0.0.65")) {
            assertThat(client.authPlain(user, "mia's long password").code()).isEqualTo(235);
            long start = System.nanoTime();
            SmtpClient.Reply reply = client.sendMail(user, "friend@elsewhere.example", "Subject: no broker\r\n\r\nhi\r\n");
            assertThat(reply.lines()).as(nodeOf(client)).containsExactly("451 4.3.0 Cannot queue this message now; try again later");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("bounded by the failover timeout").isLessThan(Duration.ofSeconds(20));
        } finally {
            script("start");
        }
        String subject = "broker back " + UUID.randomUUID();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int code = 0;
        while (code != 250 && System.nanoTime() < deadline) {
            try (SmtpClient client = submission("127.0.0.65")) {
                client.authPlain(user, "mia's long password");
                code = client.sendMail(user, "friend@elsewhere.example", "Subject: " + subject + "\r\n\r\nhi\r\n").code();
            }
        }
        assertThat(code).isEqualTo(250);
        MsaTestServer.awaitUntil("the next hop has the message", () -> relayed(subject).isPresent());
    }
}
