package org.jamesmsa.it;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A line-oriented SMTP client over real TCP and TLS sockets: it sends exactly what a test writes, malformed
 * input included, and reads multi-line replies as RFC 5321 4.2.1 defines them.
 */
final class SmtpClient implements Closeable {

    record Reply(int code, List<String> lines) {
        String text() {
            return String.join("\n", lines);
        }

        /** The RFC 3463 enhanced status code of the last line ("5.7.1"), or "" when there is none. */
        String enhancedStatus() {
            String last = lines.get(lines.size() - 1);
            String rest = last.length() > 4 ? last.substring(4) : "";
            int space = rest.indexOf(' ');
            String first = space < 0 ? rest : rest.substring(0, space);
            return first.matches("[245]\\.\\d{1,3}\\.\\d{1,3}") ? first : "";
        }

        boolean hasExtension(String keyword) {
            return lines.stream().map(line -> line.substring(4)).anyMatch(ext -> ext.equals(keyword) || ext.startsWith(keyword + " "));
        }

        @Override
        public String toString() {
            return text();
        }
    }

    private static final int TIMEOUT_MILLIS = 30_000;

    private final SSLContext tlsContext;
    private Socket socket;
    private BufferedReader in;
    private OutputStream out;

    private Reply greeting;

    private SmtpClient(SSLContext tlsContext, Socket socket) throws IOException {
        this.tlsContext = tlsContext;
        use(socket);
    }

    /** Connects in clear (MX, or submission before STARTTLS) and reads the greeting. */
    static SmtpClient connect(int port, SSLContext tlsContext) throws IOException {
        return connect("127.0.0.1", port, tlsContext);
    }

    static SmtpClient connect(String sourceAddress, int port, SSLContext tlsContext) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(sourceAddress, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
        SmtpClient client = new SmtpClient(tlsContext, socket);
        client.expectGreeting();
        return client;
    }

    /** Connects with TLS from the first byte (RFC 8314 implicit TLS) and reads the greeting. */
    static SmtpClient connectImplicitTls(int port, SSLContext tlsContext) throws IOException {
        return connectImplicitTls("127.0.0.1", port, tlsContext);
    }

    static SmtpClient connectImplicitTls(String sourceAddress, int port, SSLContext tlsContext) throws IOException {
        SSLSocket socket = (SSLSocket) tlsContext.getSocketFactory().createSocket();
        socket.bind(new InetSocketAddress(sourceAddress, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
        socket.startHandshake();
        SmtpClient client = new SmtpClient(tlsContext, socket);
        client.expectGreeting();
        return client;
    }

    private void use(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(TIMEOUT_MILLIS);
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        this.out = socket.getOutputStream();
    }

    /** The greeting's text after the code: the host name of the node that answered. */
    String greeting() {
        return greeting.text();
    }

    private void expectGreeting() throws IOException {
        greeting = read();
        if (greeting.code() != 220) {
            throw new IOException("unexpected greeting: " + greeting);
        }
    }

    Reply send(String line) throws IOException {
        write(line);
        return read();
    }

    void write(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Bytes as they are, without a line ending: a client that trickles. */
    synchronized void writeRaw(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    Reply read() throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed by server after " + lines);
            }
            lines.add(line);
            if (line.length() < 4 || line.charAt(3) != '-') {
                return new Reply(Integer.parseInt(line.substring(0, 3)), List.copyOf(lines));
            }
        }
    }

    Reply ehlo(String name) throws IOException {
        return send("EHLO " + name);
    }

    /** STARTTLS, the handshake, and a new EHLO (RFC 3207: the server forgets all it knew). */
    Reply startTls(String ehloName) throws IOException {
        Reply reply = send("STARTTLS");
        if (reply.code() != 220) {
            throw new IOException("STARTTLS refused: " + reply);
        }
        SSLSocket tls = (SSLSocket) tlsContext.getSocketFactory()
            .createSocket(socket, socket.getInetAddress().getHostAddress(), socket.getPort(), true);
        tls.setUseClientMode(true);
        tls.startHandshake();
        use(tls);
        return ehlo(ehloName);
    }

    /** True once the server has closed the connection (the next read finds the end of the stream). */
    boolean closedByServer() {
        try {
            return in.readLine() == null;
        } catch (IOException e) {
            return true;
        }
    }

    boolean isTls() {
        return socket instanceof SSLSocket;
    }

    Reply authPlain(String login, String password) throws IOException {
        return send("AUTH PLAIN " + base64("\0" + login + "\0" + password));
    }

    /** A whole transaction; returns the reply to the end-of-data dot (or the first refusal). */
    Reply sendMail(String from, String to, String message) throws IOException {
        Reply reply = send("MAIL FROM:<" + from + ">");
        if (reply.code() != 250) {
            return reply;
        }
        reply = send("RCPT TO:<" + to + ">");
        if (reply.code() != 250) {
            return reply;
        }
        reply = send("DATA");
        if (reply.code() != 354) {
            return reply;
        }
        for (String line : message.split("\r?\n", -1)) {
            write(line.startsWith(".") ? "." + line : line);
        }
        return send(".");
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws IOException {
        try {
            if (!socket.isClosed()) {
                write("QUIT");
            }
        } catch (IOException e) {
            // the server may have closed already; closing the socket is all that matters
        } finally {
            socket.close();
        }
    }
}
