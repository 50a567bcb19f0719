package org.jamesmsa.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.jamesmsa.smtp.testing.TestCertificates;

/**
 * A smarthost as providers run them, on loopback: STARTTLS first (a certificate of a private authority, for
 * 127.0.0.1), then AUTH PLAIN with its one login, then mail; anything else is refused ({@code 530 5.7.0}). It
 * keeps the messages it accepted, the MAIL commands, and the sessions' transcripts of what was refused; it offers
 * REQUIRETLS (RFC 8689) while {@link #offerRequireTls} says so.
 */
final class SecureRelay extends LoopbackServer {
    final TestCertificates.Issued authority;
    private final SSLContext tls;
    private final String login;
    private final String password;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private final List<String> mailCommands = new CopyOnWriteArrayList<>();
    private volatile boolean requireTls;

    SecureRelay(String login, String password) throws Exception {
        this.login = login;
        this.password = password;
        authority = TestCertificates.authority("relay test CA");
        TestCertificates.Issued server = TestCertificates.server(authority, "127.0.0.1");
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("relay", server.key, new char[0], new java.security.cert.Certificate[] {server.certificate, authority.certificate});
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, new char[0]);
        tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers.getKeyManagers(), null, null);
    }

    /** The PEM of the authority that signed the relay's certificate: what MSA_SMARTHOST_CA names. */
    String authorityPem() throws Exception {
        return TestCertificates.pem(authority.certificate);
    }

    List<String> received() {
        return received;
    }

    List<String> refusals() {
        return refusals;
    }

    List<String> mailCommands() {
        return mailCommands;
    }

    void offerRequireTls(boolean offered) {
        requireTls = offered;
    }

    @Override
    void serve(Socket plain) {
        Socket socket = plain;
        boolean secure = false;
        boolean authenticated = false;
        try {
            BufferedReader in = reader(socket);
            OutputStream out = socket.getOutputStream();
            reply(out, "220 relay.test ESMTP");
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line.toUpperCase(Locale.ROOT);
                if (command.equals("EHLO")) {
                    reply(out, secure ? "250-relay.test\r\n" + (requireTls ? "250-REQUIRETLS\r\n" : "") + "250 AUTH PLAIN"
                        : "250-relay.test\r\n250 STARTTLS");
                } else if (command.equals("STAR") && !secure) {
                    reply(out, "220 2.0.0 Ready to start TLS");
                    SSLSocket upgraded = (SSLSocket) tls.getSocketFactory().createSocket(socket, "127.0.0.1", socket.getPort(), true);
                    upgraded.setUseClientMode(false);
                    upgraded.startHandshake();
                    socket = upgraded;
                    in = reader(socket);
                    out = socket.getOutputStream();
                    secure = true;
                } else if (command.equals("AUTH") && secure) {
                    authenticated = checksOut(line);
                    reply(out, authenticated ? "235 2.7.0 Authentication successful" : "535 5.7.8 Authentication credentials invalid");
                } else if (command.equals("QUIT")) {
                    reply(out, "221 2.0.0 Bye");
                    return;
                } else if (!secure || !authenticated) {
                    refusals.add(line);
                    reply(out, "530 5.7.0 Must issue STARTTLS and AUTH first");
                } else if (command.equals("DATA")) {
                    reply(out, "354 End data with <CR><LF>.<CR><LF>");
                    StringBuilder message = new StringBuilder();
                    for (String data = in.readLine(); data != null && !data.equals("."); data = in.readLine()) {
                        message.append(data.startsWith("..") ? data.substring(1) : data).append("\r\n");
                    }
                    received.add(message.toString());
                    reply(out, "250 2.0.0 Queued");
                } else {
                    if (command.equals("MAIL")) {
                        mailCommands.add(line);
                    }
                    reply(out, "250 2.0.0 OK");
                }
            }
        } catch (IOException e) {
            // the client went away, or its TLS handshake failed
        } finally {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    private boolean checksOut(String line) {
        String[] words = line.split(" ");
        if (words.length != 3 || !words[1].equalsIgnoreCase("PLAIN")) {
            return false;
        }
        String[] parts = new String(Base64.getDecoder().decode(words[2]), StandardCharsets.UTF_8).split("\0", -1);
        return parts.length == 3 && parts[1].equals(login) && parts[2].equals(password);
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
    }

    private static void reply(OutputStream out, String lines) throws IOException {
        out.write((lines + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
