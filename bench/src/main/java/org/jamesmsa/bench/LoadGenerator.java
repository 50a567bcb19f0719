package org.jamesmsa.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Authenticated submission load against any SMTP server on loopback: N connections in parallel, each running
 * whole sessions (connect, EHLO, STARTTLS or implicit TLS, EHLO, AUTH PLAIN, MAIL, RCPT, DATA, QUIT), one message
 * per session, for a number of messages or of seconds, as returning TLS clients (the default) or new ones
 * ({@code --tls-clients new}). {@code --source} binds the client sockets to a loopback
 * address (127.0.0.x for EHLO validation tests); without it the kernel picks address and port at connect time. Reports messages per second, p50 and p99 per phase, and
 * every reply that was not a success.
 *
 * <pre>
 * java -cp ... org.jamesmsa.bench.LoadGenerator --port 587 --tls starttls --user u@example.test --password p \
 *     --from u@example.test --to sink@elsewhere.example --connections 16 --messages 2000 --size 4096
 * </pre>
 * Certificates are not checked: the tool talks to loopback only, and refuses any other address.
 */
public final class LoadGenerator {

    public enum Tls { STARTTLS, IMPLICIT, NONE }

    public enum Phase { CONNECT, EHLO, STARTTLS, AUTH, MAIL, RCPT, DATA, QUIT }

    /**
     * Who the TLS clients are. RETURNING: one client that keeps the session tickets the server gave it and offers one
     * on its next connection (TLS 1.3 resumption: no certificate, no signature), as a mail client that submits again
     * does. NEW: every connection is a client the server has never seen, a full handshake each time.
     */
    public enum TlsClients { RETURNING, NEW }

    public record Options(String host, int port, Tls tls, TlsClients tlsClients, String user, String password, String from,
                          String to, String ehlo, String source, int connections, int messages, Duration duration, int size) {
    }

    /** @param failures replies that were not a success, by their first line, with counts */
    public record Report(long messages, double seconds, Map<Phase, long[]> latencies, Map<String, Long> failures) {
        public double perSecond() {
            return messages / seconds;
        }

        public long failed() {
            return failures.values().stream().mapToLong(Long::longValue).sum();
        }

        public long percentileMicros(Phase phase, double percentile) {
            long[] sorted = latencies.get(phase);
            if (sorted.length == 0) {
                return 0;
            }
            return sorted[Math.min(sorted.length - 1, (int) (sorted.length * percentile))] / 1000;
        }
    }

    private LoadGenerator() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("load-generator: " + e.getMessage());
            System.exit(2);
            return;
        }
        Report report = run(options);
        print(report, System.out);
    }

    public static void print(Report report, java.io.PrintStream out) {
        out.printf("messages %d in %.2f s: %.1f messages/s, %d failed replies%n", report.messages(), report.seconds(),
            report.perSecond(), report.failed());
        out.println("| phase | p50 (us) | p99 (us) |");
        out.println("|---|---|---|");
        for (Phase phase : Phase.values()) {
            if (report.latencies().get(phase).length > 0) {
                out.printf("| %s | %d | %d |%n", phase, report.percentileMicros(phase, 0.5), report.percentileMicros(phase, 0.99));
            }
        }
        report.failures().forEach((reply, count) -> out.println("failed " + count + "x: " + reply));
    }

    static Options parse(String[] args) {
        Map<String, String> values = new java.util.HashMap<>(Map.of("--host", "127.0.0.1", "--tls", "starttls",
            "--ehlo", "load.example.test", "--connections", "16", "--size", "4096", "--tls-clients", "returning"));
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length || !args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value pairs, got '" + args[i] + "'");
            }
            values.put(args[i], args[i + 1]);
        }
        for (String required : List.of("--port", "--user", "--password", "--from", "--to")) {
            if (!values.containsKey(required)) {
                throw new IllegalArgumentException(required + " is required");
            }
        }
        if (values.containsKey("--messages") == values.containsKey("--seconds")) {
            throw new IllegalArgumentException("give exactly one of --messages and --seconds");
        }
        String host = values.get("--host");
        requireLoopback(host, "--host");
        if (values.containsKey("--source")) {
            requireLoopback(values.get("--source"), "--source");
        }
        return new Options(host, Integer.parseInt(values.get("--port")), Tls.valueOf(values.get("--tls").toUpperCase()),
            TlsClients.valueOf(values.get("--tls-clients").toUpperCase()), values.get("--user"), values.get("--password"),
            values.get("--from"), values.get("--to"), values.get("--ehlo"), values.get("--source"), Integer.parseInt(values.get("--connections")),
            Integer.parseInt(values.getOrDefault("--messages", "0")),
            Duration.ofSeconds(Long.parseLong(values.getOrDefault("--seconds", "0"))), Integer.parseInt(values.get("--size")));
    }

    private static void requireLoopback(String host, String option) {
        try {
            if (!InetAddress.getByName(host).isLoopbackAddress()) {
                throw new IllegalArgumentException(option + " " + host + " is not a loopback address: this tool loads loopback only");
            }
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(option + " " + host + " is not an address");
        }
    }

    public static Report run(Options options) throws InterruptedException {
        SecureRandom random = new SecureRandom();
        SSLContext returning = trustingEverything(random);
        AtomicInteger remaining = new AtomicInteger(options.messages() > 0 ? options.messages() : Integer.MAX_VALUE);
        long deadline = options.duration().isZero() ? Long.MAX_VALUE : System.nanoTime() + options.duration().toNanos();
        AtomicLong sent = new AtomicLong();
        Map<String, Long> failures = new ConcurrentHashMap<>();
        List<Map<Phase, Samples>> perWorker = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        AtomicLong numbers = new AtomicLong();
        long start = System.nanoTime();
        for (int i = 0; i < options.connections(); i++) {
            Map<Phase, Samples> samples = new EnumMap<>(Phase.class);
            for (Phase phase : Phase.values()) {
                samples.put(phase, new Samples());
            }
            perWorker.add(samples);
            Thread worker = new Thread(() -> {
                while (System.nanoTime() < deadline && remaining.getAndDecrement() > 0) {
                    try {
                        // A new context has an empty session cache: it has no ticket to offer (about 4 us to make).
                        SSLContext tls = options.tlsClients() == TlsClients.NEW ? trustingEverything(random) : returning;
                        if (session(options, tls, message(options, numbers.incrementAndGet()), samples, failures)) {
                            sent.incrementAndGet();
                        }
                    } catch (IOException e) {
                        failures.merge("I/O: " + e.getMessage(), 1L, Long::sum);
                    }
                }
            }, "load-" + i);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<Phase, long[]> latencies = new EnumMap<>(Phase.class);
        for (Phase phase : Phase.values()) {
            long[] all = perWorker.stream().flatMapToLong(m -> Arrays.stream(m.get(phase).values())).sorted().toArray();
            latencies.put(phase, all);
        }
        return new Report(sent.get(), seconds, latencies, failures);
    }

    /** One whole submission; false (and the failing reply counted) when the server refused a step. */
    private static boolean session(Options o, SSLContext tls, byte[] message, Map<Phase, Samples> samples,
                                   Map<String, Long> failures) throws IOException {
        long t = System.nanoTime();
        Socket socket = new Socket();
        // Small SMTP and TLS handshake writes must not wait for delayed ACKs (Nagle): 40 ms each otherwise.
        socket.setTcpNoDelay(true);
        if (o.source() != null) {
            socket.bind(new InetSocketAddress(o.source(), 0));
        }
        socket.connect(new InetSocketAddress(o.host(), o.port()), 30_000);
        socket.setSoTimeout(60_000);
        if (o.tls() == Tls.IMPLICIT) {
            socket = upgrade(tls, socket, o.host(), o.port());
        }
        Conversation c = new Conversation(socket);
        try {
            if (!c.expect(220, failures)) {
                return false;
            }
            samples.get(Phase.CONNECT).add(System.nanoTime() - t);
            t = System.nanoTime();
            if (!c.command("EHLO " + o.ehlo(), 250, failures)) {
                return false;
            }
            samples.get(Phase.EHLO).add(System.nanoTime() - t);
            if (o.tls() == Tls.STARTTLS) {
                t = System.nanoTime();
                if (!c.command("STARTTLS", 220, failures)) {
                    return false;
                }
                c = new Conversation(upgrade(tls, c.socket, o.host(), o.port()));
                if (!c.command("EHLO " + o.ehlo(), 250, failures)) {
                    return false;
                }
                samples.get(Phase.STARTTLS).add(System.nanoTime() - t);
            }
            t = System.nanoTime();
            String credentials = Base64.getEncoder().encodeToString(("\0" + o.user() + "\0" + o.password()).getBytes(StandardCharsets.UTF_8));
            if (!c.command("AUTH PLAIN " + credentials, 235, failures)) {
                return false;
            }
            samples.get(Phase.AUTH).add(System.nanoTime() - t);
            t = System.nanoTime();
            if (!c.command("MAIL FROM:<" + o.from() + ">", 250, failures)) {
                return false;
            }
            samples.get(Phase.MAIL).add(System.nanoTime() - t);
            t = System.nanoTime();
            if (!c.command("RCPT TO:<" + o.to() + ">", 250, failures)) {
                return false;
            }
            samples.get(Phase.RCPT).add(System.nanoTime() - t);
            t = System.nanoTime();
            if (!c.command("DATA", 354, failures)) {
                return false;
            }
            c.out.write(message);
            c.out.flush();
            if (!c.expect(250, failures)) {
                return false;
            }
            samples.get(Phase.DATA).add(System.nanoTime() - t);
            t = System.nanoTime();
            c.command("QUIT", 221, failures);
            samples.get(Phase.QUIT).add(System.nanoTime() - t);
            return true;
        } finally {
            c.socket.close();
        }
    }

    private static SSLSocket upgrade(SSLContext tls, Socket plain, String host, int port) throws IOException {
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, host, port, true);
        socket.setUseClientMode(true);
        socket.startHandshake();
        return socket;
    }

    /**
     * A message as a mail client writes it, Date and Message-ID included (an MSA adds them only when missing), with
     * its terminating dot; body lines of 76 characters up to {@code size} bytes.
     */
    private static byte[] message(Options o, long number) {
        StringBuilder text = new StringBuilder("From: <" + o.from() + ">\r\nTo: <" + o.to() + ">\r\nSubject: load\r\n"
            + "Date: " + java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(java.time.ZonedDateTime.now()) + "\r\n"
            + "Message-ID: <" + number + "." + System.nanoTime() + "@load.example.test>\r\n\r\n");
        String line = "x".repeat(76) + "\r\n";
        while (text.length() + line.length() <= o.size()) {
            text.append(line);
        }
        return text.append(".\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static SSLContext trustingEverything(SecureRandom random) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, random);
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Growable list of nanosecond samples, one per worker: no locking on the measured path. */
    private static final class Samples {
        private long[] values = new long[1024];
        private int size;

        void add(long nanos) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = nanos;
        }

        long[] values() {
            return Arrays.copyOf(values, size);
        }
    }

    private static final class Conversation {
        final Socket socket;
        final BufferedReader in;
        final OutputStream out;

        Conversation(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            this.out = socket.getOutputStream();
        }

        boolean command(String line, int expected, Map<String, Long> failures) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return expect(expected, failures);
        }

        /** Reads a whole (multi-line) reply; counts it as a failure unless it has the expected code. */
        boolean expect(int expected, Map<String, Long> failures) throws IOException {
            String line;
            do {
                line = in.readLine();
                if (line == null) {
                    throw new IOException("connection closed by the server");
                }
            } while (line.length() > 3 && line.charAt(3) == '-');
            if (!line.startsWith(Integer.toString(expected))) {
                failures.merge(line, 1L, Long::sum);
                return false;
            }
            return true;
        }
    }
}
