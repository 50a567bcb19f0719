package org.jamesmsa.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The TLS of every listener as a third party sees it: Debian's sslscan lists what the launched distribution accepts,
 * and OpenSSL's client asks it to renegotiate. Submission and MX take only forward-secret AEAD suites (TLS 1.3, and
 * ECDHE with AES-GCM or ChaCha20 in TLS 1.2), no protocol below TLS 1.2, and refuse client-initiated renegotiation.
 */
class TlsPolicyIT {
    private static final Path DIST = Path.of(System.getProperty("msa.dist.dir"));
    private static ServerProcess server;
    private static Map<String, Integer> ports;

    @BeforeAll
    static void launch() throws Exception {
        Path home = Files.createTempDirectory("msa-tls-home");
        ports = Map.of("mx", FreePorts.next(), "submission", FreePorts.next(), "submissions", FreePorts.next(),
            "imap", FreePorts.next(), "imaps", FreePorts.next());
        server = ServerProcess.start(List.of(DIST.resolve("bin/james-msa").toString()), Map.of(
            "MSA_DOMAIN", "tls.test", "MSA_HOSTNAME", "mail.tls.test", "MSA_BIND_ADDRESS", "127.0.0.1",
            "MSA_SMTP_PORT", ports.get("mx").toString(), "MSA_SUBMISSION_PORT", ports.get("submission").toString(),
            "MSA_SUBMISSIONS_PORT", ports.get("submissions").toString(), "MSA_WEBADMIN_PORT", Integer.toString(FreePorts.next()),
            "MSA_IMAP_PORT", ports.get("imap").toString(), "MSA_IMAPS_PORT", ports.get("imaps").toString(),
            "MSA_HOME", home.toString()));
        server.awaitStarted(ports.get("mx"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /** Runs the tool with this input, which stays open {@code inputOpen} longer: a client leaves at its end. */
    private static String run(List<String> command, String input, Duration inputOpen) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.US_ASCII));
            in.flush();
            process.waitFor(inputOpen.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.io.IOException clientAlreadyLeft) {
            // the input is closed when the client has ended: what it printed tells why
        }
        boolean ended = process.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ended).as(String.join(" ", command) + " still running after 60 s:\n" + output).isTrue();
        return output;
    }

    /** sslscan's options for the listener: STARTTLS of SMTP, or TLS from the first byte. */
    private static List<String> sslscan(String listener) {
        List<String> command = new ArrayList<>(List.of("sslscan", "--no-colour", "--no-heartbleed", "--no-compression"));
        if (listener.equals("mx") || listener.equals("submission")) {
            command.add("--starttls-smtp");
        }
        command.add("127.0.0.1:" + ports.get(listener));
        return command;
    }

    @ParameterizedTest
    @ValueSource(strings = {"submission", "submissions", "mx", "imaps"})
    void onlyForwardSecretAeadSuitesAndNoRenegotiationAsSslscanSeesThem(String listener) throws Exception {
        String report = run(sslscan(listener), "", Duration.ZERO);

        List<String> accepted = report.lines().filter(line -> line.startsWith("Accepted") || line.startsWith("Preferred"))
            .collect(Collectors.toList());
        assertThat(accepted).as(report).isNotEmpty();
        assertThat(accepted).as("TLS 1.3, or ECDHE with AES-GCM or ChaCha20").allSatisfy(line -> assertThat(line)
            .matches("\\S+\\s+(TLSv1\\.3 .*|TLSv1\\.2 .*ECDHE-(RSA|ECDSA)-(AES\\d+-GCM-SHA\\d+|CHACHA20-POLY1305).*)"));
        assertThat(report).contains("TLSv1.0   disabled", "TLSv1.1   disabled", "TLSv1.3   enabled")
            .contains("Session renegotiation not supported");
    }

    /** OpenSSL's "R" asks for a new handshake in TLS 1.2; the server refuses it with an alert, doing no handshake work. */
    @ParameterizedTest
    @ValueSource(strings = {"submissions", "submission"})
    void aClientAskingToRenegotiateIsRefused(String listener) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-tls1_2", "-connect", "127.0.0.1:" + ports.get(listener)));
        if (listener.equals("submission")) {
            command.addAll(List.of("-starttls", "smtp"));
        }
        String output = run(command, "R\n", Duration.ofSeconds(5));

        // Java's TLS (MSA_TLS_PROVIDER=jdk) answers handshake_failure; Conscrypt's BoringSSL (the default)
        // answers no_renegotiation.
        assertThat(output).as(output).contains("RENEGOTIATING").containsAnyOf("alert handshake failure", "alert no renegotiation");
    }
}
