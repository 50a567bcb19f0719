package org.jamesmsa.smtp.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The real {@code redis-server} (Debian package {@code redis-server}), started on a free loopback port with no
 * persistence, for the tests of counters shared between nodes. {@link #stop()} kills it the hard way, as a crash
 * would; {@link #start()} brings it back on the same port.
 */
public final class RedisServer implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(20);

    private final int port;
    private final Path directory;
    private final List<String> options;
    private Process process;

    private RedisServer(int port, Path directory, List<String> options) {
        this.port = port;
        this.directory = directory;
        this.options = options;
    }

    public static RedisServer started() {
        return startedWith();
    }

    /** With more of redis-server's options, such as {@code --requirepass secret}. */
    public static RedisServer startedWith(String... options) {
        try {
            RedisServer server = new RedisServer(freePort(), Files.createTempDirectory("redis-test"), List.of(options));
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    /** {@code host:port}, as MSA_REDIS and {@code limits.redis} take it. */
    public String hostAndPort() {
        return "127.0.0.1:" + port;
    }

    public void start() throws IOException {
        Path log = directory.resolve("redis.log");
        List<String> command = new java.util.ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind",
            "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory.toString()));
        command.addAll(options);
        process = new ProcessBuilder(command)
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Instant deadline = Instant.now().plus(STARTUP);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited at start with " + process.exitValue() + ": " + Files.readString(log));
            }
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                sleep();
            }
        }
        throw new IOException("redis-server did not listen on port " + port + " within " + STARTUP.toSeconds() + " s");
    }

    public void stop() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
