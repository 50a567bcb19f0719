package org.jamesmsa.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The outbound relay of the comparison: an SMTP server on loopback that accepts every message and discards it,
 * counting them, so that outbound delivery costs both Jameses the same. It takes any AUTH, and offers no STARTTLS.
 */
public final class SmtpSink implements AutoCloseable {
    private final ServerSocket server;
    private final AtomicLong received = new AtomicLong();
    private volatile boolean running = true;

    private SmtpSink(ServerSocket server) {
        this.server = server;
    }

    public static SmtpSink start() throws IOException {
        return start(new ServerSocket(0, 100, InetAddress.getByName("127.0.0.1")));
    }

    /** On a socket of the caller's: an {@code SSLServerSocket} makes it a sink with TLS from the first byte. */
    static SmtpSink start(ServerSocket socket) {
        SmtpSink sink = new SmtpSink(socket);
        Thread acceptor = new Thread(sink::accept, "smtp-sink");
        acceptor.setDaemon(true);
        acceptor.start();
        return sink;
    }

    public int port() {
        return server.getLocalPort();
    }

    public long received() {
        return received.get();
    }

    private void accept() {
        while (running) {
            try {
                Socket socket = server.accept();
                Thread session = new Thread(() -> serve(socket), "smtp-sink-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException e) {
                if (!running) {
                    return;
                }
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            reply(out, "220 sink ready");
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line.toUpperCase(Locale.ROOT);
                switch (command) {
                    case "EHLO" -> reply(out, "250-sink\r\n250 8BITMIME");
                    case "HELO", "MAIL", "RCPT", "RSET", "NOOP" -> reply(out, "250 ok");
                    case "AUTH" -> reply(out, "235 any credentials will do");
                    case "DATA" -> {
                        reply(out, "354 go on");
                        for (String data = in.readLine(); data != null && !data.equals("."); data = in.readLine()) {
                            // discarded
                        }
                        received.incrementAndGet();
                        reply(out, "250 discarded");
                    }
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    default -> reply(out, "502 not here");
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        running = false;
        server.close();
    }
}
