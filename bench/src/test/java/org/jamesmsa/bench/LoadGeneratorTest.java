package org.jamesmsa.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadGeneratorTest {

    private static LoadGenerator.Options options(int port, int messages, String ehlo) {
        return new LoadGenerator.Options("127.0.0.1", port, LoadGenerator.Tls.NONE, LoadGenerator.TlsClients.RETURNING, "u@load.test", "p", "u@load.test",
            "sink@elsewhere.example", ehlo, null, 4, messages, Duration.ZERO, 2048);
    }

    @Test
    void everySessionReachesTheServerAndEveryPhaseIsMeasured() throws Exception {
        try (SmtpSink sink = SmtpSink.start()) {
            LoadGenerator.Report report = LoadGenerator.run(options(sink.port(), 200, "load.example.test"));

            assertThat(report.messages()).isEqualTo(200);
            assertThat(sink.received()).isEqualTo(200);
            assertThat(report.failed()).isZero();
            assertThat(report.latencies().get(LoadGenerator.Phase.DATA)).hasSize(200);
            assertThat(report.latencies().get(LoadGenerator.Phase.STARTTLS)).as("no STARTTLS was asked for").isEmpty();
        }
    }

    @Test
    void refusedRepliesAreCountedByTheirText() throws Exception {
        try (SmtpSink sink = SmtpSink.start()) {
            // the sink answers 502 to anything it does not know; an EHLO-less session meets it at the first command
            LoadGenerator.Report report = LoadGenerator.run(new LoadGenerator.Options("127.0.0.1", sink.port(),
                LoadGenerator.Tls.STARTTLS, LoadGenerator.TlsClients.RETURNING, "u", "p", "u@load.test", "v@load.test", "load.example.test", null, 2, 10,
                Duration.ZERO, 1024));

            assertThat(report.messages()).isZero();
            assertThat(report.failures()).containsEntry("502 not here", 10L);
        }
    }

    @Test
    void onlyLoopbackTargetsAreAccepted() {
        assertThatThrownBy(() -> LoadGenerator.parse(new String[] {"--host", "192.0.2.1", "--port", "587", "--user", "u",
            "--password", "p", "--from", "f@x.test", "--to", "t@x.test", "--messages", "1"}))
            .hasMessageContaining("192.0.2.1 is not a loopback address");
    }

    @Test
    void missingOrConflictingOptionsAreNamed() {
        assertThatThrownBy(() -> LoadGenerator.parse(new String[] {"--port", "587"})).hasMessage("--user is required");
        assertThatThrownBy(() -> LoadGenerator.parse(new String[] {"--port", "587", "--user", "u", "--password", "p",
            "--from", "f@x.test", "--to", "t@x.test"})).hasMessage("give exactly one of --messages and --seconds");
    }

    @Test
    void optionsAreRead() {
        LoadGenerator.Options options = LoadGenerator.parse(new String[] {"--port", "2587", "--tls", "implicit", "--user", "u",
            "--password", "p", "--from", "f@x.test", "--to", "t@x.test", "--seconds", "30", "--connections", "8",
            "--source", "127.0.0.2"});

        assertThat(options.port()).isEqualTo(2587);
        assertThat(options.tls()).isEqualTo(LoadGenerator.Tls.IMPLICIT);
        assertThat(options.duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.connections()).isEqualTo(8);
        assertThat(options.source()).isEqualTo("127.0.0.2");
        assertThat(options.tlsClients()).isEqualTo(LoadGenerator.TlsClients.RETURNING);
    }

    /**
     * A server signs with its certificate's key only in a full handshake; a resumed one proves itself with the ticket's
     * secret. Counting the times the key manager hands out the key counts the full handshakes.
     */
    @Test
    void returningClientsResumeTheirTlsSessionsAndNewClientsDoNot(@TempDir Path folder) throws Exception {
        for (LoadGenerator.TlsClients clients : LoadGenerator.TlsClients.values()) {
            AtomicInteger fullHandshakes = new AtomicInteger();
            SSLServerSocket socket = (SSLServerSocket) countingServerContext(folder, fullHandshakes).getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
            socket.setEnabledProtocols(new String[] {"TLSv1.3"});
            try (SmtpSink sink = SmtpSink.start(socket)) {
                LoadGenerator.Report report = LoadGenerator.run(new LoadGenerator.Options("127.0.0.1", sink.port(),
                    LoadGenerator.Tls.IMPLICIT, clients, "u", "p", "u@load.test", "v@load.test", "load.example.test", null, 1,
                    20, Duration.ZERO, 1024));

                assertThat(report.messages()).isEqualTo(20);
                if (clients == LoadGenerator.TlsClients.NEW) {
                    assertThat(fullHandshakes).as("new clients").hasValue(20);
                } else {
                    // A ticket arrives after its handshake and serves once, so a few more full handshakes may slip in.
                    assertThat(fullHandshakes.get()).as("returning clients: the first handshake is full, most later ones resume")
                        .isBetween(1, 5);
                }
            }
        }
    }

    private static SSLContext countingServerContext(Path folder, AtomicInteger fullHandshakes) throws Exception {
        Path store = folder.resolve("server-" + System.nanoTime() + ".p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
            "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "secret", "-alias", "sink", "-keyalg", "RSA",
            "-keysize", "2048", "-dname", "CN=sink.load.test", "-validity", "2").redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(keytool.waitFor()).as(output).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(store)) {
            keys.load(in, "secret".toCharArray());
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance("SunX509");
        factory.init(keys, "secret".toCharArray());
        X509KeyManager delegate = (X509KeyManager) factory.getKeyManagers()[0];
        X509ExtendedKeyManager counting = new X509ExtendedKeyManager() {
            @Override
            public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
                return delegate.chooseServerAlias(keyType, issuers, socket);
            }

            @Override
            public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
                return delegate.chooseServerAlias(keyType, issuers, null);
            }

            @Override
            public X509Certificate[] getCertificateChain(String alias) {
                return delegate.getCertificateChain(alias);
            }

            @Override
            public PrivateKey getPrivateKey(String alias) {
                // Asked for once per full handshake, to sign its CertificateVerify.
                fullHandshakes.incrementAndGet();
                return delegate.getPrivateKey(alias);
            }

            @Override
            public String[] getServerAliases(String keyType, Principal[] issuers) {
                return delegate.getServerAliases(keyType, issuers);
            }

            @Override
            public String[] getClientAliases(String keyType, Principal[] issuers) {
                return delegate.getClientAliases(keyType, issuers);
            }

            @Override
            public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
                return null;
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[] {counting}, null, null);
        return context;
    }
}
