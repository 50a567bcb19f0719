package org.jamesmsa.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jamesmsa.it.MsaTestServer.ALICE;
import static org.jamesmsa.it.MsaTestServer.ALICE_PASSWORD;
import static org.jamesmsa.it.MsaTestServer.BOB;
import static org.jamesmsa.it.MsaTestServer.HOSTNAME;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.mail.internet.MimeMessage;

import org.jamesmsa.launcher.TlsMaterial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The one host name the MSA announces (MSA_HOSTNAME) everywhere it names itself, its DKIM signature on relayed
 * submissions checked by an independent verifier (Debian's python3-dkim, fed the record the MSA wrote for DNS), its
 * trace headers on top of what leaves, and postmaster@ and abuse@ of every local domain reaching MSA_POSTMASTER.
 */
class IdentityAndSigningTest {
    private static final String SECOND_DOMAIN = "second.test";
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    /** The next hop keeps what left the MSA byte for byte. */
    private static final NextHopServer NEXT_HOP = start();

    @RegisterExtension
    static final MsaTestServer MSA = new MsaTestServer(Map.of("MSA_POSTMASTER", BOB, "MSA_SMARTHOST", "127.0.0.1:" + NEXT_HOP.port()));

    private static NextHopServer start() {
        try {
            return NextHopServer.acceptingSlowly(java.time.Duration.ZERO);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @org.junit.jupiter.api.AfterAll
    static void stopNextHop() throws Exception {
        NEXT_HOP.close();
    }

    /** The message as it left the MSA, once the next hop has it. */
    private static String leftWithSubject(String subject) throws Exception {
        MsaTestServer.awaitUntil("the next hop received " + subject, () -> NEXT_HOP.received().stream().anyMatch(m -> m.contains(subject)));
        return NEXT_HOP.received().stream().filter(m -> m.contains(subject)).findFirst().orElseThrow();
    }

    private static String submit(String subject) throws Exception {
        try (SmtpClient client = MSA.submissions()) {
            client.authPlain(ALICE, ALICE_PASSWORD);
            assertThat(client.sendMail(ALICE, "friend@remote.example",
                "From: Alice <" + ALICE + ">\r\nTo: friend@remote.example\r\nSubject: " + subject + "\r\n\r\nSigned body.\r\nSecond line.\r\n")
                .code()).isEqualTo(250);
        }
        return subject;
    }

    @Test
    void theGreetingTheEhloReplyAndTheCertificateNameTheHost() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", MSA.settingsForTests().smtpPort())) {
            String greeting = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            assertThat(greeting).isEqualTo("220 " + HOSTNAME + " ESMTP ready").doesNotContainIgnoringCase("james");
        }
        try (SmtpClient client = MSA.submission()) {
            assertThat(client.ehlo("client.example").lines().get(0)).startsWith("250-" + HOSTNAME + " ");
        }
        X509Certificate certificate = TlsMaterial.readCertificate(MSA.settingsForTests().home().resolve("tls/cert.pem"), "test");
        assertThat(certificate.getSubjectAlternativeNames()).extracting(name -> String.valueOf(name.get(1)))
            .containsExactly(HOSTNAME, MsaTestServer.DOMAIN);
    }

    @Test
    void aRelayedSubmissionNamesTheHostIsSignedAndKeepsItsTraceOnTop() throws Exception {
        String message = leftWithSubject(submit("signed " + UUID.randomUUID()));
        MimeMessage relayed = new MimeMessage(javax.mail.Session.getInstance(new java.util.Properties()),
            new java.io.ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8)));

        assertThat(MsaTestServer.msaReceivedHeaders(relayed)).singleElement().asString().contains("by " + HOSTNAME + " (james-msa)");
        assertThat(relayed.getHeader("Message-ID")[0]).endsWith("@" + HOSTNAME + ">");
        List<String> names = Collections.list(relayed.getAllHeaderLines()).stream()
            .map(line -> line.substring(0, line.indexOf(':'))).toList();
        assertThat(names.subList(0, 4)).as(names.toString()).containsExactly("Received", "X-MSA-Trace", "DKIM-Signature", "DKIM-Signature");

        List<String> signatures = List.of(relayed.getHeader("DKIM-Signature"));
        assertThat(signatures).as("Ed25519 (RFC 8463) beside RSA for the receivers that know only RSA")
            .anySatisfy(signature -> assertThat(signature).contains("d=" + MsaTestServer.DOMAIN, "s=msa1;", "a=rsa-sha256"))
            .anySatisfy(signature -> assertThat(signature).contains("d=" + MsaTestServer.DOMAIN, "s=msa1-ed25519;", "a=ed25519-sha256"))
            .allSatisfy(signature -> assertThat(signature).doesNotContainIgnoringCase("x-msa-trace"));
        assertThat(dkimVerifies(message)).as("python3-dkim verifies both signatures with the published records")
            .containsExactly("pass", "pass");
        assertThat(dkimVerifies(message.replace("Signed body.", "Signed bodY."))).as("one body byte changed").containsExactly("fail", "fail");
    }

    @Test
    void mxMailIsNotSigned() throws Exception {
        assertThat(MSA.mxDeliveredToBob("mx " + UUID.randomUUID()).getHeader("DKIM-Signature")).isNull();
    }

    @Test
    void postmasterAndAbuseOfEveryLocalDomainReachThePostmasterMailbox() throws Exception {
        MSA.webAdmin().addDomain(SECOND_DOMAIN);
        for (String role : List.of("postmaster@" + SECOND_DOMAIN, "abuse@" + SECOND_DOMAIN, "abuse@" + MsaTestServer.DOMAIN)) {
            String subject = "to " + role + " " + UUID.randomUUID();
            try (SmtpClient mta = MSA.mx()) {
                mta.ehlo("mta.elsewhere.example");
                assertThat(mta.send("MAIL FROM:<reporter@elsewhere.example>").code()).isEqualTo(250);
                assertThat(mta.send("RCPT TO:<" + role + ">").lines()).containsExactly("250 2.1.5 Recipient <" + role + "> OK");
                assertThat(mta.send("DATA").code()).isEqualTo(354);
                mta.write("Subject: " + subject + "\r\n\r\nabuse report\r\n");
                assertThat(mta.send(".").code()).isEqualTo(250);
            }
            MSA.awaitDelivered(BOB, subject);
        }
        try (SmtpClient mta = MSA.mx()) {
            mta.ehlo("mta.elsewhere.example");
            mta.send("MAIL FROM:<reporter@elsewhere.example>");
            assertThat(mta.send("RCPT TO:<webmaster@" + SECOND_DOMAIN + ">").code()).as("not a role address").isEqualTo(550);
        }
    }

    /**
     * Debian's python3-dkim on every signature of the message, in order, its DNS answered with the TXT records the MSA
     * wrote beside its keys (RSA, and Ed25519, which python3-dkim checks with python3-nacl).
     */
    private static List<String> dkimVerifies(String message) throws Exception {
        List<String> arguments = new java.util.ArrayList<>(List.of(PYTHON.toString(), "-c", String.join("\n",
            "import sys, dkim",
            "records = dict(zip(sys.argv[2::2], sys.argv[3::2]))",
            "message = open(sys.argv[1], 'rb').read()",
            "d = dkim.DKIM(message)",
            "count = len([h for h in d.headers if h[0].lower() == b'dkim-signature'])",
            "dns = lambda name, timeout=5: records[name.decode()].encode()",
            "def check(i):",
            "    try:",
            "        return 'pass' if d.verify(idx=i, dnsfunc=dns) else 'fail'",
            "    except dkim.DKIMException:",
            "        return 'fail'",
            "print(' '.join(check(i) for i in range(count)))")));
        Path messageFile = Files.createTempFile("dkim-message", ".eml");
        Files.writeString(messageFile, message);
        arguments.add(messageFile.toString());
        for (String selector : List.of("msa1", "msa1-ed25519")) {
            String owner = selector + "._domainkey." + MsaTestServer.DOMAIN + ".";
            Path record = MSA.settingsForTests().home().resolve("dkim/" + MsaTestServer.DOMAIN + "/" + owner + "txt");
            StringBuilder value = new StringBuilder();
            Matcher strings = Pattern.compile("\"([^\"]*)\"").matcher(Files.readString(record));
            while (strings.find()) {
                value.append(strings.group(1));
            }
            arguments.addAll(List.of(owner, value.toString()));
        }
        Process python = new ProcessBuilder(arguments).redirectErrorStream(true).start();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(python.waitFor()).as(output).isZero();
        return List.of(output.split(" "));
    }
}
