package org.jamesmsa.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jamesmsa.it.MsaTestServer.ALICE;
import static org.jamesmsa.it.MsaTestServer.ALICE_PASSWORD;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jamesmsa.launcher.AdminCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code james-msa admin} against a running server's webadmin, password-protected, as an operator runs it. */
class AdminCommandTest {
    private static final String WEBADMIN_PASSWORD = "the webadmin password";

    @RegisterExtension
    static final MsaTestServer MSA = new MsaTestServer(Map.of("MSA_WEBADMIN_PASSWORD", WEBADMIN_PASSWORD));

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private Map<String, String> env() {
        return Map.of("MSA_WEBADMIN_PORT", Integer.toString(MSA.settingsForTests().webadminPort()),
            "MSA_WEBADMIN_PASSWORD", WEBADMIN_PASSWORD);
    }

    /** The command with {@code stdin} as its standard input (not a terminal): what a script gives it. */
    private int admin(Map<String, String> env, String stdin, String... args) {
        out.reset();
        err.reset();
        return AdminCommand.run(List.of(args), env, new AdminCommand.Io(new BufferedReader(new StringReader(stdin)),
            Optional.empty(), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
    }

    private int admin(String... args) {
        return admin(env(), "", args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static int auth(String user, String password) throws Exception {
        try (SmtpClient client = MSA.submissionAfterStartTls()) {
            return client.authPlain(user, password).code();
        }
    }

    @Test
    void usersAreAddedListedGivenANewPasswordAndDeletedWithThePasswordOnStandardInput() throws Exception {
        assertThat(admin(env(), "dana's first password\n", "user", "add", "dana@msa.test")).as(err()).isZero();
        assertThat(out()).isEqualTo("user added\n");
        assertThat(auth("dana@msa.test", "dana's first password")).isEqualTo(235);

        assertThat(admin(env(), "dana's second password\n", "user", "passwd", "dana@msa.test")).as(err()).isZero();
        assertThat(auth("dana@msa.test", "dana's first password")).isEqualTo(535);
        assertThat(auth("dana@msa.test", "dana's second password")).isEqualTo(235);

        assertThat(admin("user", "list")).isZero();
        assertThat(out().lines()).startsWith("username").contains("dana@msa.test", ALICE);
        assertThat(admin("--json", "user", "list")).isZero();
        assertThat(new ObjectMapper().readTree(out()).findValuesAsText("username")).contains("dana@msa.test");

        assertThat(admin("user", "del", "dana@msa.test")).isZero();
        assertThat(auth("dana@msa.test", "dana's second password")).isEqualTo(535);
    }

    @Test
    void aPasswordIsNeverTakenFromTheCommandLineNorEmpty() {
        assertThat(admin("user", "add", "erin@msa.test", "secret")).isEqualTo(2);
        assertThat(err()).startsWith("james-msa admin: a password is never taken from the command line");
        assertThat(admin(env(), "", "user", "add", "erin@msa.test")).isEqualTo(1);
        assertThat(err()).startsWith("james-msa admin: empty password; nothing changed");
    }

    @Test
    void domainsAndAliasesAreManaged() throws Exception {
        assertThat(admin("domain", "add", "other.test")).as(err()).isZero();
        assertThat(admin("domain", "list")).isZero();
        assertThat(out().lines()).contains("other.test", MsaTestServer.DOMAIN);

        assertThat(admin("alias", "add", "alice.work@msa.test", ALICE)).as(err()).isZero();
        assertThat(admin("alias", "list")).isZero();
        assertThat(out().lines()).contains("alice.work@msa.test\t" + ALICE);
        try (SmtpClient client = MSA.submissionAfterStartTls()) {
            client.authPlain(ALICE, ALICE_PASSWORD);
            assertThat(client.send("MAIL FROM:<alice.work@msa.test>").code()).as("a user may send as an alias").isEqualTo(250);
        }
        assertThat(admin("alias", "del", "alice.work@msa.test", ALICE)).isZero();
        assertThat(admin("alias", "list")).isZero();
        assertThat(out()).doesNotContain("alice.work@msa.test");

        assertThat(admin("domain", "del", "other.test")).isZero();
        assertThat(admin("domain", "list")).isZero();
        assertThat(out().lines()).doesNotContain("other.test");
    }

    @Test
    void limitsAreSetShownAndReset() {
        assertThat(admin("limits", "set", ALICE, "5", "50")).as(err()).isZero();
        assertThat(admin("limits", "show", ALICE)).isZero();
        assertThat(out().lines()).containsExactly("user\tmessagesPerHour\trecipientsPerHour", ALICE + "\t5\t50");
        assertThat(admin("limits", "reset", ALICE)).isZero();
        assertThat(admin("limits", "show")).isZero();
        assertThat(out()).doesNotContain(ALICE);
        assertThat(admin("limits", "set", ALICE, "many", "50")).isEqualTo(2);
        assertThat(err()).startsWith("james-msa admin: 'many' is not a number of 0 or more");
    }

    @Test
    void queuesAreListedAndFlushed() {
        assertThat(admin("queue", "list")).as(err()).isZero();
        assertThat(out().lines()).startsWith("queue\tsize").anyMatch(line -> line.startsWith("spool\t"))
            .anyMatch(line -> line.startsWith("outgoing\t"));
        assertThat(admin("queue", "flush", "outgoing")).as(err()).isZero();
    }

    /** The record of the key the server signs with: the file DkimSigning wrote beside the key at the first start. */
    @Test
    void theDkimRecordIsTheKeyInUsesAndAForeignDomainHasNone() throws Exception {
        assertThat(admin("dkim", "record", MsaTestServer.DOMAIN)).as(err()).isZero();
        java.nio.file.Path written = MSA.settingsForTests().home().resolve("dkim/" + MsaTestServer.DOMAIN + "/msa1._domainkey."
            + MsaTestServer.DOMAIN + ".txt");
        java.nio.file.Path ed25519 = MSA.settingsForTests().home().resolve("dkim/" + MsaTestServer.DOMAIN + "/msa1-ed25519._domainkey."
            + MsaTestServer.DOMAIN + ".txt");
        assertThat(out().lines()).as("the RSA record, then the Ed25519 one")
            .containsExactly(java.nio.file.Files.readString(written).strip(), java.nio.file.Files.readString(ed25519).strip());
        assertThat(out()).startsWith("msa1._domainkey." + MsaTestServer.DOMAIN + ". IN TXT (");

        assertThat(admin("dkim", "record", "elsewhere.example")).isEqualTo(1);
        assertThat(err()).isEqualTo("james-msa admin: dkim record elsewhere.example: elsewhere.example is not a local domain: "
            + "it has no DKIM key\n");
    }

    @Test
    void everyErrorIsOneLineAndANonZeroStatus() {
        assertThat(admin("user", "frobnicate")).isEqualTo(2);
        assertThat(err().lines().findFirst()).contains("james-msa admin: unknown command 'user frobnicate'");
        assertThat(admin()).isEqualTo(2);
        assertThat(err()).startsWith("james-msa admin: missing a command");

        assertThat(admin(env(), "a password\n", "user", "add", "frank@not-local.example")).isEqualTo(1);
        assertThat(err().lines()).singleElement().asString().startsWith("james-msa admin: ").contains("not-local.example");

        assertThat(admin(Map.of("MSA_WEBADMIN_PORT", env().get("MSA_WEBADMIN_PORT"), "MSA_WEBADMIN_PASSWORD", "a wrong password"),
            "", "user", "list")).isEqualTo(1);
        assertThat(err()).isEqualTo("james-msa admin: webadmin refused the password: set MSA_WEBADMIN_PASSWORD as the server has it\n");

        assertThat(admin(Map.of("MSA_WEBADMIN_PORT", Integer.toString(FreePorts.next())), "", "user", "list")).isEqualTo(1);
        assertThat(err()).contains("does not answer: is the server running");
    }

    /**
     * A stolen login, stopped mid-session: the transaction it had begun is accepted and held (not relayed), its next
     * MAIL and AUTH are refused, and once resumed the held message leaves, signed once. The audit says who did what.
     */
    @Test
    void aSuspendedAccountCannotSubmitAndItsMailWaitsUntilItIsResumed() throws Exception {
        String subject = "held while suspended " + java.util.UUID.randomUUID();
        try (SmtpClient thief = MSA.submissionAfterStartTls()) {
            assertThat(thief.authPlain(ALICE, ALICE_PASSWORD).code()).isEqualTo(235);
            assertThat(thief.send("MAIL FROM:<" + ALICE + ">").code()).isEqualTo(250);
            assertThat(thief.send("RCPT TO:<friend@elsewhere.example>").code()).isEqualTo(250);

            assertThat(admin("user", "suspend", ALICE, "stolen", "password,", "ticket", "4711")).as(err()).isZero();
            assertThat(out()).isEqualTo("suspended; 0 queued message(s) held\n");

            assertThat(thief.send("DATA").code()).isEqualTo(354);
            thief.write("Subject: " + subject);
            thief.write("");
            thief.write("begun before the suspension");
            assertThat(thief.send(".").code()).as("a transaction begun before is taken, and held").isEqualTo(250);
            assertThat(thief.sendMail(ALICE, "friend@elsewhere.example", "Subject: more\r\n\r\nspam\r\n").lines())
                .containsExactly("550 5.7.1 Account suspended; contact the postmaster");
        }
        try (SmtpClient again = MSA.submissionAfterStartTls()) {
            assertThat(again.authPlain(ALICE, ALICE_PASSWORD).lines()).containsExactly("535 5.7.8 Account suspended; contact the postmaster");
        }
        try (SmtpClient implicitTls = MSA.submissions()) {
            assertThat(implicitTls.authPlain(ALICE, ALICE_PASSWORD).code()).as("on every listener").isEqualTo(535);
        }
        assertThat(auth(MsaTestServer.BOB, MsaTestServer.BOB_PASSWORD)).as("another account").isEqualTo(235);

        WebAdminClient webAdmin = MSA.webAdmin();
        MsaTestServer.awaitUntil("the message is held", () -> {
            try {
                return webAdmin.send(webAdmin.request("/msa/suspensions/" + ALICE).GET()).body().contains("\"held\":1");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(MSA.relayedWithSubject(subject)).as("held in transport, before relay").isEmpty();
        assertThat(admin("user", "suspended")).isZero();
        assertThat(out().lines()).startsWith("user\tsince\tby\treason")
            .anySatisfy(line -> assertThat(line).startsWith(ALICE + "\t").endsWith("(james-msa admin) (webadmin from 127.0.0.1)\tstolen password, ticket 4711"));

        assertThat(admin("user", "resume", ALICE)).as(err()).isZero();
        assertThat(out()).isEqualTo("resumed; 1 held message(s) sent on\n");
        javax.mail.internet.MimeMessage relayed = MSA.awaitRelayed(subject);
        assertThat(relayed.getHeader("DKIM-Signature")).as("signed once per algorithm, after it was held").hasSize(2);
        assertThat(MSA.relayedCopies(subject)).isEqualTo(1);
        assertThat(auth(ALICE, ALICE_PASSWORD)).isEqualTo(235);

        out.reset();
        assertThat(org.jamesmsa.audit.AuditTool.run(new String[] {"--dir", MSA.auditDirectory().toString(), "find", "--accounts", "--user", ALICE},
            Map.of(), new org.jamesmsa.audit.AuditTool.Console(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false, java.time.Clock.systemUTC()))).isZero();
        assertThat(out().lines().skip(1).map(line -> line.replaceAll("^\\S+\\s+\\S+\\s+", "").replaceAll("\\s+", " ")))
            .as(out()).hasSize(2)
            .anySatisfy(line -> assertThat(line).startsWith("suspend " + ALICE + " 0 ").endsWith("(webadmin from 127.0.0.1) stolen password, ticket 4711"))
            .anySatisfy(line -> assertThat(line).startsWith("resume " + ALICE + " 1 "));
    }

    @Test
    void suspendingAndResumingRefuseWhatCannotBeDone() {
        assertThat(admin("user", "suspend", ALICE)).isEqualTo(2);
        assertThat(err()).startsWith("james-msa admin: missing REASON: say why, the audit record keeps it\n");
        assertThat(admin("user", "suspend", "nobody@msa.test", "spam")).isEqualTo(1);
        assertThat(err()).isEqualTo("james-msa admin: user suspend nobody@msa.test spam: nobody@msa.test is not a user\n");
        assertThat(admin("user", "resume", MsaTestServer.BOB)).isEqualTo(1);
        assertThat(err()).isEqualTo("james-msa admin: user resume " + MsaTestServer.BOB + ": " + MsaTestServer.BOB + " is not suspended\n");
        assertThat(admin("user", "resume", MsaTestServer.BOB, "--now")).isEqualTo(2);
    }
}
