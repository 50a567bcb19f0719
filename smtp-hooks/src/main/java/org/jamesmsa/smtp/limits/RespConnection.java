package org.jamesmsa.smtp.limits;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One connection to Redis speaking RESP 2, the few commands the rate limiter needs, one call at a time. Replies:
 * {@code String} (simple and bulk strings), {@code Long}, {@code List<Object>}, or {@code null}. A Redis error reply
 * is an {@link IOException} naming it. A broken connection is opened again at the next call.
 */
final class RespConnection implements AutoCloseable {
    private final InetSocketAddress server;
    private final Duration timeout;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    RespConnection(InetSocketAddress server, Duration timeout) {
        this.server = server;
        this.timeout = timeout;
    }

    synchronized Object call(String... arguments) throws IOException {
        try {
            ensureOpen();
            write(arguments);
            return read();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private void ensureOpen() throws IOException {
        if (socket != null) {
            return;
        }
        Socket opened = new Socket();
        opened.connect(server, (int) timeout.toMillis());
        opened.setSoTimeout((int) timeout.toMillis());
        opened.setTcpNoDelay(true);
        socket = opened;
        in = new BufferedInputStream(opened.getInputStream());
        out = new BufferedOutputStream(opened.getOutputStream());
    }

    private void write(String... arguments) throws IOException {
        StringBuilder request = new StringBuilder().append('*').append(arguments.length).append("\r\n");
        for (String argument : arguments) {
            byte[] bytes = argument.getBytes(StandardCharsets.UTF_8);
            request.append('$').append(bytes.length).append("\r\n").append(argument).append("\r\n");
        }
        out.write(request.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private Object read() throws IOException {
        int type = in.read();
        String line = readLine();
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new IOException("Redis refused: " + line);
            case ':':
                return Long.parseLong(line);
            case '$':
                return bulk(Integer.parseInt(line));
            case '*':
                int count = Integer.parseInt(line);
                if (count < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    items.add(read());
                }
                return items;
            default:
                throw new IOException("not a RESP reply from " + server + " (type byte " + type + ")");
        }
    }

    private String bulk(int length) throws IOException {
        if (length < 0) {
            return null;
        }
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length || in.read() != '\r' || in.read() != '\n') {
            throw new IOException("truncated bulk reply from " + server);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\r'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection to " + server + " closed");
            }
            line.write(b);
        }
        if (in.read() != '\n') {
            throw new IOException("malformed RESP line from " + server);
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a broken connection
            }
            socket = null;
        }
    }
}
