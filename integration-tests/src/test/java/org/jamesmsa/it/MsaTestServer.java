package org.jamesmsa.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import javax.mail.internet.MimeMessage;

import org.apache.james.GuiceJamesServer;
import org.jamesmsa.launcher.MsaServer;
import org.jamesmsa.launcher.MsaSettings;
import org.jamesmsa.launcher.TlsMaterial;
import org.jamesmsa.launcher.TlsProvider;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import com.google.inject.Module;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * The durable MSA server (James 3.8.1 with JPA on embedded Derby and ActiveMQ) booted in-process from the packaged
 * conf/ (the folder operators get), on free loopback ports, with a real SMTP smarthost (GreenMail) on loopback as its
 * outbound relay, and two users made through webadmin. Mailboxes are read over IMAPS, as a mail client reads them.
 * One server per test class.
 */
final class MsaTestServer implements BeforeAllCallback, AfterAllCallback {
    static final String DOMAIN = "msa.test";
    /** MSA_HOSTNAME: the name the listeners announce. */
    static final String HOSTNAME = "mail.msa.test";
    static final String ALIAS_DOMAIN = "alias.test";
    static final String ALICE = "alice@" + DOMAIN;
    static final String ALICE_ALIAS = "alice.smith@" + DOMAIN;
    static final String ALICE_PASSWORD = "correct horse battery staple";
    static final String BOB = "bob@" + DOMAIN;
    static final String BOB_PASSWORD = "bob's secret";
    private static final Map<String, String> PASSWORDS = Map.of(ALICE, ALICE_PASSWORD, BOB, BOB_PASSWORD);

    private final Map<String, String> extraEnvironment;
    private final Module[] overrides;
    private GuiceJamesServer server;
    private GreenMail smarthost;
    private MsaSettings settings;
    private SSLContext clientTls;

    MsaTestServer(Module... overrides) {
        this(Map.of(), overrides);
    }

    /** @param extraEnvironment MSA_* variables added to (or replacing) the fixture's own */
    MsaTestServer(Map<String, String> extraEnvironment, Module... overrides) {
        this.extraEnvironment = extraEnvironment;
        this.overrides = overrides;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Path home = Files.createTempDirectory("msa-home");
        int smarthostPort = FreePorts.next();
        smarthost = new GreenMail(new ServerSetup(smarthostPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smarthost.start();

        Map<String, String> env = new HashMap<>();
        env.put("MSA_DOMAIN", DOMAIN);
        env.put("MSA_HOSTNAME", HOSTNAME);
        env.put("MSA_BIND_ADDRESS", "127.0.0.1");
        env.put("MSA_SMTP_PORT", Integer.toString(FreePorts.next()));
        env.put("MSA_SUBMISSION_PORT", Integer.toString(FreePorts.next()));
        env.put("MSA_SUBMISSIONS_PORT", Integer.toString(FreePorts.next()));
        env.put("MSA_WEBADMIN_PORT", Integer.toString(FreePorts.next()));
        env.put("MSA_IMAP_PORT", Integer.toString(FreePorts.next()));
        env.put("MSA_IMAPS_PORT", Integer.toString(FreePorts.next()));
        env.put("MSA_SMARTHOST", "127.0.0.1:" + smarthostPort);
        // The GreenMail smarthost speaks plain SMTP on loopback; SmarthostTest proves the required TLS and AUTH.
        env.put("MSA_SMARTHOST_TLS", "none");
        env.put("MSA_HOME", home.toString());
        env.put("MSA_DNS_SERVERS", "127.0.0.1:" + FreePorts.next());
        // The suite runs on the TLS provider the environment names (MSA_TLS_PROVIDER=jdk mvn verify; Conscrypt by
        // default), as the launched distribution does; the provider is the JVM's, so every server of the run shares it.
        Optional.ofNullable(System.getenv(TlsProvider.SETTING)).ifPresent(provider -> env.put(TlsProvider.SETTING, provider));
        env.putAll(extraEnvironment);
        settings = MsaSettings.fromEnvironment(env);
        TlsProvider.install(env);

        TlsMaterial tls = TlsMaterial.forSettings(settings);
        clientTls = trusting(tls.certificate());
        homePreparation.prepare(home);
        if (!confChanges.isEmpty()) {
            confDirectory = changedConf();
        }
        startServer();

        WebAdminClient webAdmin = webAdmin();
        for (var user : Map.of(ALICE, ALICE_PASSWORD, BOB, BOB_PASSWORD).entrySet()) {
            if (user.getKey().equals(settings.postmaster())) {
                // The server made the MSA_POSTMASTER account at start, with a random password.
                webAdmin.changePassword(user.getKey(), user.getValue());
            } else {
                webAdmin.addUser(user.getKey(), user.getValue());
            }
        }
        webAdmin.addAlias(ALICE, ALICE_ALIAS);
        webAdmin.addDomain(ALIAS_DOMAIN);
        webAdmin.addDomainAlias(DOMAIN, ALIAS_DOMAIN);
    }

    interface HomePreparation {
        void prepare(Path home) throws Exception;
    }

    private HomePreparation homePreparation = home -> { };
    private Map<String, Map<String, String>> confChanges = Map.of();
    private Path confDirectory = Path.of(System.getProperty("msa.conf.dir"));

    /**
     * Boots a copy of the packaged conf/ in which, per file, each text is replaced by another; every text must be
     * found, so a test cannot silently run on the packaged values.
     */
    MsaTestServer withConfChanges(Map<String, Map<String, String>> changes) {
        this.confChanges = changes;
        return this;
    }

    /** Lets a test prepare MSA_HOME (its audit folder, say) before James first starts. */
    MsaTestServer preparingHome(HomePreparation preparation) {
        this.homePreparation = preparation;
        return this;
    }

    private void startServer() throws Exception {
        server = MsaServer.create(settings, TlsMaterial.forSettings(settings), confDirectory, overrides);
        server.start();
    }

    private Path changedConf() throws Exception {
        Path copy = Files.createTempDirectory("changed-conf");
        StockJames.copyTree(confDirectory, copy);
        for (var file : confChanges.entrySet()) {
            Path path = copy.resolve(file.getKey());
            String text = Files.readString(path);
            for (var change : file.getValue().entrySet()) {
                if (!text.contains(change.getKey())) {
                    throw new IllegalStateException(file.getKey() + " has no " + change.getKey());
                }
                text = text.replace(change.getKey(), change.getValue());
            }
            Files.writeString(path, text);
        }
        return copy;
    }

    /** Stops James and starts it again on the same MSA_HOME and ports: users, aliases and mail are still there. */
    void restart() throws Exception {
        server.stop();
        startServer();
    }

    /** A probe a test's override module registered (Multibinder of GuiceProbe). */
    <T extends org.apache.james.utils.GuiceProbe> T probe(Class<T> type) {
        return server.getProbe(type);
    }

    Path auditDirectory() {
        return settings.home().resolve("audit");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.stop();
        }
        if (smarthost != null) {
            smarthost.stop();
        }
    }

    /** Trusts exactly the server's certificate, so a test also proves which certificate the listeners present. */
    static SSLContext trusting(Path certificatePem) throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("msa", TlsMaterial.readCertificate(certificatePem, "test"));
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers.getTrustManagers(), null);
        return context;
    }

    SmtpClient mx() throws IOException {
        return SmtpClient.connect(settings.smtpPort(), clientTls);
    }

    SmtpClient submission() throws IOException {
        return SmtpClient.connect(settings.submissionPort(), clientTls);
    }

    /** Submission on 587, after STARTTLS and a fresh EHLO. */
    SmtpClient submissionAfterStartTls() throws IOException {
        SmtpClient client = submission();
        client.ehlo("client.example");
        client.startTls("client.example");
        return client;
    }

    /** Submission on 587 from another loopback address, after STARTTLS and a fresh EHLO. */
    SmtpClient submissionAfterStartTlsFrom(String sourceAddress) throws IOException {
        SmtpClient client = SmtpClient.connect(sourceAddress, settings.submissionPort(), clientTls);
        client.ehlo("client.example");
        client.startTls("client.example");
        return client;
    }

    /** Submission with implicit TLS on 465 from another loopback address, after EHLO. */
    SmtpClient submissionsFrom(String sourceAddress) throws IOException {
        SmtpClient client = SmtpClient.connectImplicitTls(sourceAddress, settings.submissionsPort(), clientTls);
        client.ehlo("client.example");
        return client;
    }

    /** Submission with implicit TLS on 465, after EHLO. */
    SmtpClient submissions() throws IOException {
        SmtpClient client = submissionsBeforeEhlo();
        client.ehlo("client.example");
        return client;
    }

    SmtpClient submissionsBeforeEhlo() throws IOException {
        return SmtpClient.connectImplicitTls(settings.submissionsPort(), clientTls);
    }

    MsaSettings settingsForTests() {
        return settings;
    }

    SSLContext clientTls() {
        return clientTls;
    }

    WebAdminClient webAdmin() {
        return new WebAdminClient(settings.webadminPort(), settings.webadminPassword().map(MsaSettings.Secret::value));
    }

    /** Webadmin's {@code GET /metrics} without the node label every sample carries ({@code OperationsTest} checks it). */
    String metrics() throws Exception {
        WebAdminClient webAdmin = webAdmin();
        return webAdmin.send(webAdmin.request("/metrics")).body().replace("{node=\"" + HOSTNAME + "\",}", "");
    }

    GreenMail smarthost() {
        return smarthost;
    }

    /** The user's INBOX over IMAPS with the fixture's password for that user, read with JavaMail's IMAP provider. */
    ImapMailbox imap(String user) {
        return imap(user, PASSWORDS.get(user));
    }

    ImapMailbox imap(String user, String password) {
        return ImapMailbox.overImplicitTls(settings.imapsPort(), clientTls, user, password);
    }

    long inboxMessageCount(String user) {
        try {
            return imap(user).messages().size();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the INBOX of " + user + " over IMAPS", e);
        }
    }

    /** The message with this Subject in the user's mailbox, parsed as the recipient would read it. */
    Optional<MimeMessage> inboxMessageWithSubject(String user, String subject) throws Exception {
        return imap(user).messages().stream().filter(message -> subject.equals(subjectOf(message))).findFirst();
    }

    /** The message with this Subject that the smarthost received, if it has arrived. */
    Optional<MimeMessage> relayedWithSubject(String subject) {
        return Arrays.stream(smarthost.getReceivedMessages()).filter(message -> subject.equals(subjectOf(message))).findFirst();
    }

    /** How many copies of the message with this Subject the smarthost holds: one per recipient. */
    long relayedCopies(String subject) {
        return Arrays.stream(smarthost.getReceivedMessages()).filter(message -> subject.equals(subjectOf(message))).count();
    }

    /** A message from another MTA to Bob over the MX listener, once delivered to his mailbox. */
    MimeMessage mxDeliveredToBob(String subject) throws Exception {
        try (SmtpClient mta = mx()) {
            mta.ehlo("mta.elsewhere.example");
            SmtpClient.Reply accepted = mta.sendMail("sender@elsewhere.example", BOB, "Subject: " + subject + "\r\n\r\nhi\r\n");
            if (accepted.code() != 250) {
                throw new AssertionError("MX mail refused: " + accepted);
            }
        }
        return awaitDelivered(BOB, subject);
    }

    /** Waits until the smarthost has the message with this Subject. */
    MimeMessage awaitRelayed(String subject) throws InterruptedException {
        awaitUntil("the smarthost received " + subject, () -> relayedWithSubject(subject).isPresent());
        return relayedWithSubject(subject).orElseThrow();
    }

    /** Waits until the user's mailbox has the message with this Subject. */
    MimeMessage awaitDelivered(String user, String subject) throws Exception {
        awaitUntil(user + " received " + subject, () -> {
            try {
                return inboxMessageWithSubject(user, subject).isPresent();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return inboxMessageWithSubject(user, subject).orElseThrow();
    }

    /** The whole message as it would be written to the wire: headers, and every part's content. */
    static String textOf(MimeMessage message) {
        try {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            message.writeTo(bytes);
            return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException | javax.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String subjectOf(MimeMessage message) {
        try {
            return String.valueOf(message.getSubject());
        } catch (javax.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The Received headers this MSA wrote (other hops, such as the test smarthost, add their own). */
    static java.util.List<String> msaReceivedHeaders(MimeMessage message) throws Exception {
        String[] received = message.getHeader("Received");
        return received == null ? java.util.List.of()
            : Arrays.stream(received).filter(header -> header.contains("(james-msa)")).toList();
    }

    /** Waits for asynchronous delivery (mail queue, RemoteDelivery), failing after a generous bound. */
    static void awaitUntil(String what, BooleanSupplier condition) throws InterruptedException {
        awaitUntil(what, Duration.ofSeconds(30), condition);
    }

    static void awaitUntil(String what, Duration patience, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(patience);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }
}
