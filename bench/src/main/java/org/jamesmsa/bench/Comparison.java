package org.jamesmsa.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jamesmsa.testdns.ZoneDnsServer;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * On one machine in one run: stock James 3.8.1 (the memory server of Maven Central, its queue in memory), the
 * durable bundle (the distribution's launcher: JPA on Derby, the queue in ActiveMQ on disk, the bundle's policy
 * hooks, EHLO validation answered by a zone-file DNS server on loopback, trace headers, fix-ups and fsynced audit
 * records), and optionally another server given by port (Postfix's submission service, say). The same submission
 * listener (STARTTLS, AUTH PLAIN after TLS) and outbound relay to the same discarding sink. Runs alternate in
 * order; prints messages per second, the ratio of each pair with its spread, latency per phase, and optionally a
 * JFR profile of the durable bundle. Started by {@code bench/compare.sh}.
 */
public final class Comparison {
    private static final String USER = "bench@bench.test";
    private static final String PASSWORD = "bench password";
    private static final String RECIPIENT = "sink@elsewhere.example";

    /** Maximum heap of every James in the run (--heap, default 512m: the issue's memory target). */
    private static String heap = "512m";

    private Comparison() {
    }

    /** @param pidFiles for a server that is no child of the benchmark (Postfix): the files naming its processes */
    private record Server(String name, Process process, Path log, int submissionPort, String webadminHost, int webadminPort,
                          List<Path> pidFiles) {
        Server(String name, Process process, Path log, int submissionPort, int webadminPort) {
            this(name, process, log, submissionPort, "127.0.0.1", webadminPort, List.of());
        }

        Server(String name, Process process, Path log, int submissionPort, String webadminHost, int webadminPort) {
            this(name, process, log, submissionPort, webadminHost, webadminPort, List.of());
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("--rounds", "5", "--connections", "16", "--messages", "1000",
            "--size", "4096", "--profile", "false", "--warmup", "3000", "--heap", "512m"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        if (options.containsKey("--print-profile")) {
            // The table of an earlier run's recording, so that profiles before and after a change are read alike.
            printProfile(Path.of(options.get("--print-profile")));
            return;
        }
        Path dist = Path.of(options.get("--dist"));
        Path stockLib = Path.of(options.get("--stock-lib"));
        Path stockConf = Path.of(options.get("--stock-conf"));
        int rounds = Integer.parseInt(options.get("--rounds"));
        heap = options.get("--heap");
        boolean profile = Boolean.parseBoolean(options.get("--profile"));

        try (SmtpSink sink = SmtpSink.start(); ZoneDnsServer dns = ZoneDnsServer.start("example.test", "0.0.127.in-addr.arpa")) {
            Path bundleHome = Files.createTempDirectory("bench-bundle");
            Path jfr = bundleHome.resolve("bundle.jfr");
            // Declared before the first start: a server that started is stopped even when a later one fails to.
            List<Server> servers = new ArrayList<>();
            List<Runnable> cleanups = new ArrayList<>();
            try {
                // --rsa-only true: the bundle signs with its RSA key alone, as Postfix with OpenDKIM and James's DKIMSign
                // do; the packaged configuration (RSA and Ed25519) is then measured beside it as "durable-2sig".
                boolean rsaOnly = Boolean.parseBoolean(options.getOrDefault("--rsa-only", "false"));
                Path bundleConf = rsaOnly ? confSigningRsaOnly(dist.resolve("conf")) : dist.resolve("conf");
                servers.add(startBundle("durable", dist, bundleConf, bundleHome, freePort(), sink, dns,
                    profile ? jfr : null, options.getOrDefault("--bundle-env", "")));
                if (rsaOnly) {
                    servers.add(startBundle("durable-2sig", dist, dist.resolve("conf"), Files.createTempDirectory("bench-2sig"),
                        freePort(), sink, dns, null, ""));
                }
                // Stock James uses the TLS material the bundle generated; it runs first in the alternating order.
                servers.add(0, startStock(stockLib, stockConf, bundleHome.resolve("tls"), sink, dns));
                if (Boolean.parseBoolean(options.getOrDefault("--limits-off", "false"))) {
                    servers.add(startBundle("nolimits", dist, confWithoutLimits(dist.resolve("conf")),
                        Files.createTempDirectory("bench-nolimits"), freePort(), sink, dns, null, ""));
                }
                if (Boolean.parseBoolean(options.getOrDefault("--stock-durable", "false"))) {
                    int submission = freePort();
                    servers.add(startBundle("stock-durable", dist, stockDurableConf(dist.resolve("conf"), stockConf, submission,
                        bundleHome, sink), Files.createTempDirectory("bench-stock-durable"), submission, sink, dns, null, ""));
                }
                // --lever name:MSA_X=value,MSA_Y=value[;name2:...]: the bundle once more per lever, with the setting under
                // test, measured in the same run as the bundle without it.
                for (String lever : options.getOrDefault("--lever", "").split(";")) {
                    if (lever.isBlank()) {
                        continue;
                    }
                    if (lever.indexOf(':') < 1) {
                        throw new IllegalArgumentException("--lever wants name:MSA_X=value,...; got '" + lever + "'");
                    }
                    // MSA_HOME=/dev/shm among a lever's settings puts that bundle's whole home (journal, database, audit) in
                    // the folder given: on tmpfs, what every fsync of the durable path costs (a measurement, not a setting).
                    String settings = lever.substring(lever.indexOf(':') + 1);
                    java.util.regex.Matcher homeIn = java.util.regex.Pattern.compile("(?:^|,)MSA_HOME=([^,]+)").matcher(settings);
                    Path leverHome = homeIn.find() ? Files.createTempDirectory(Path.of(homeIn.group(1)), "bench-lever")
                        : Files.createTempDirectory("bench-lever");
                    servers.add(startBundle("durable+" + lever.substring(0, lever.indexOf(':')), dist, bundleConf,
                        leverHome, freePort(), sink, dns, null, settings.replaceAll("(?:^|,)MSA_HOME=[^,]+", "")));
                }
                if (options.containsKey("--postfix-script")) {
                    servers.add(startPostfix(Path.of(options.get("--postfix-script")), bundleHome.resolve("tls"), sink, cleanups));
                }
                // --cluster-script cluster/cluster.sh: one node, then two, behind HAProxy with PostgreSQL and Redis.
                if (options.containsKey("--cluster-script")) {
                    for (int nodes = 1; nodes <= 2; nodes++) {
                        servers.add(startCluster(Path.of(options.get("--cluster-script")), nodes, dist, sink, dns, cleanups));
                    }
                }
                if (options.containsKey("--other-port")) {
                    servers.add(new Server("other", null, null, Integer.parseInt(options.get("--other-port")), 0));
                }
                for (Server server : servers) {
                    if (server.webadminPort() > 0) {
                        addUser(server);
                    }
                }
                // --new-tls-clients durable,postfix: these servers are measured again in every round with clients they have
                // never seen (a full TLS handshake per connection), beside the returning clients (resumed TLS 1.3 sessions).
                List<String> newClients = List.of(options.getOrDefault("--new-tls-clients", "").split(","));
                // Both JITs reach steady state before anything is measured (throughput still rose after 1,000).
                for (Server server : servers) {
                    load(server, options, Integer.parseInt(options.get("--warmup")));
                    if (newClients.contains(server.name())) {
                        load(server, options, Integer.parseInt(options.get("--warmup")) / 3, LoadGenerator.TlsClients.NEW);
                    }
                }
                Map<String, List<LoadGenerator.Report>> reports = new TreeMap<>();
                for (int round = 0; round < rounds; round++) {
                    List<Server> order = new ArrayList<>(servers);
                    if (round % 2 == 1) {
                        java.util.Collections.reverse(order);
                    }
                    for (Server server : order) {
                        LoadGenerator.Report report = load(server, options, Integer.parseInt(options.get("--messages")));
                        reports.computeIfAbsent(server.name(), k -> new ArrayList<>()).add(report);
                        System.out.printf("round %d %-6s %8.1f messages/s, %d failed%n", round + 1, server.name(),
                            report.perSecond(), report.failed());
                        if (newClients.contains(server.name())) {
                            LoadGenerator.Report fresh = load(server, options, Integer.parseInt(options.get("--messages")),
                                LoadGenerator.TlsClients.NEW);
                            reports.computeIfAbsent(server.name() + "/new-tls", k -> new ArrayList<>()).add(fresh);
                            System.out.printf("round %d %-6s %8.1f messages/s, %d failed%n", round + 1, server.name() + "/new-tls",
                                fresh.perSecond(), fresh.failed());
                        }
                    }
                }
                printSummary(reports, sink);
                printMemory(servers);
                // --growth durable,postfix: how messages/s, p99 and resident size grow with message size and connections.
                if (options.containsKey("--growth")) {
                    List<String> names = List.of(options.get("--growth").split(","));
                    Growth.<Server>run(servers.stream().filter(server -> names.contains(server.name())).toList(), Server::name,
                        options, Comparison::load, Comparison::residentKb, options.getOrDefault("--growth-plot", ""));
                }
                options.computeIfPresent("--plot", (key, png) -> {
                    plot(reports, Path.of(png));
                    return png;
                });
            } finally {
                for (Server server : servers) {
                    if (server.process() != null) {
                        stop(server);
                    }
                }
                cleanups.forEach(Runnable::run);
            }
            if (profile) {
                printProfile(jfr);
            }
        }
    }

    /** Messages answered 250 over the whole run, warm-ups included: what the sink must receive. */
    private static final java.util.concurrent.atomic.AtomicLong ACCEPTED = new java.util.concurrent.atomic.AtomicLong();

    private static LoadGenerator.Report load(Server server, Map<String, String> options, int messages) throws InterruptedException {
        return load(server, options, messages, LoadGenerator.TlsClients.RETURNING);
    }

    /** The run's connections and message size, with these clients. */
    private static LoadGenerator.Report load(Server server, Map<String, String> options, int messages, LoadGenerator.TlsClients clients)
            throws InterruptedException {
        return load(server, options, messages, Integer.parseInt(options.get("--connections")), Integer.parseInt(options.get("--size")),
            clients);
    }

    static LoadGenerator.Report load(Server server, Map<String, String> options, int messages, int connections, int size)
            throws InterruptedException {
        return load(server, options, messages, connections, size, LoadGenerator.TlsClients.RETURNING);
    }

    private static LoadGenerator.Report load(Server server, Map<String, String> options, int messages, int connections, int size,
                                             LoadGenerator.TlsClients clients) throws InterruptedException {
        boolean other = server.name().equals("other");
        LoadGenerator.Report report = LoadGenerator.run(new LoadGenerator.Options("127.0.0.1", server.submissionPort(),
            LoadGenerator.Tls.valueOf(options.getOrDefault("--other-tls", "starttls").toUpperCase()), clients,
            other ? options.get("--other-user") : USER, other ? options.get("--other-password") : PASSWORD,
            other ? options.get("--other-user") : USER, RECIPIENT, "pass.example.test", options.get("--source"),
            connections, messages, Duration.ZERO, size));
        ACCEPTED.addAndGet(report.messages());
        return report;
    }

    /**
     * The packaged conf/ without the handlers of the abuse limits (SendingLimitsHook, SessionDeadlines), to measure
     * what they cost. The AUTH handler's throttle stays: it only counts failures, and the benchmark has none.
     */
    private static Path confWithoutLimits(Path conf) throws IOException {
        Path copy = copyOf(conf, "bench-conf-nolimits");
        Path smtp = copy.resolve("smtpserver.xml");
        String text = Files.readString(smtp);
        String stripped = text.replaceAll("(?s)\\s*<handler class=\"org\\.jamesmsa\\.smtp\\.limits\\.(SendingLimitsHook|SessionDeadlines)\">.*?</handler>", "");
        if (stripped.contains("org.jamesmsa.smtp.limits.SendingLimitsHook\"") || stripped.equals(text)) {
            throw new IllegalStateException("the limits' handlers were not found in " + smtp);
        }
        Files.writeString(smtp, stripped);
        return copy;
    }

    /**
     * The same durable assembly (the launcher, JPA on Derby, ActiveMQ on KahaDB) with James's own SMTP handlers and
     * mailets instead of the bundle's: the stock configuration of the memory server above, its repositories in the
     * database. What the bundle costs on a durable server.
     */
    private static Path stockDurableConf(Path conf, Path stockConf, int submission, Path bundleHome, SmtpSink sink) throws IOException {
        Path copy = copyOf(conf, "bench-conf-stock-durable");
        for (String name : List.of("smtpserver.xml", "mailetcontainer.xml")) {
            Files.writeString(copy.resolve(name), stockTemplate(Files.readString(stockConf.resolve(name)), submission,
                    bundleHome.resolve("tls"), sink)
                .replace("@DKIM_SIGN@", jamesDkimSign(bundleHome))
                .replace("file://var/mail/", "jpa://var/mail/"));
        }
        return copy;
    }

    /**
     * James's own DKIMSign as an operator of stock James sets it up: rsa-sha256, relaxed/relaxed, the headers the bundle
     * signs, with the RSA key the bundle made for the benchmark's domain.
     */
    private static String jamesDkimSign(Path bundleHome) throws IOException {
        String pem = Files.readString(bundleHome.resolve("dkim/bench.test/msa1.pem"));
        return "<mailet match=\"SMTPAuthSuccessful\" class=\"org.apache.james.jdkim.mailets.DKIMSign\">\n"
            + "<signatureTemplate>v=1; a=rsa-sha256; c=relaxed/relaxed; d=bench.test; s=msa1; h=" + SIGNED_HEADERS
            + "; bh=; b=;</signatureTemplate>\n<privateKey>\n" + pem.strip() + "\n</privateKey>\n</mailet>";
    }

    /** The headers the bundle's DkimSigning signs (RFC 6376 5.4.1's set), given to the other signers alike. */
    static final String SIGNED_HEADERS = "From:Sender:Reply-To:Subject:Date:Message-ID:To:Cc:MIME-Version:Content-Type:"
        + "Content-Transfer-Encoding:In-Reply-To:References:List-Id:List-Unsubscribe";

    /** The packaged conf/ with the DKIM signature of RSA alone. */
    private static Path confSigningRsaOnly(Path conf) throws IOException {
        Path copy = copyOf(conf, "bench-conf-rsa");
        Path mailets = copy.resolve("mailetcontainer.xml");
        String text = Files.readString(mailets);
        String changed = text.replace("<selector>msa1</selector>", "<selector>msa1</selector>\n<algorithms>rsa-sha256</algorithms>");
        if (changed.equals(text)) {
            throw new IllegalStateException("the DkimSigning mailet was not found in " + mailets);
        }
        Files.writeString(mailets, changed);
        return copy;
    }

    /**
     * Proportional resident size (PSS) of a server now, in kB: its process and all its children (Postfix: every daemon,
     * and OpenDKIM). PSS shares each page among the processes that map it, so that Postfix's many processes, which share
     * their libraries, are not counted once per process as a sum of resident sizes would.
     */
    static long residentKb(Server server) {
        List<ProcessHandle> roots = new ArrayList<>();
        if (server.process() != null) {
            roots.add(server.process().toHandle());
        }
        for (Path pidFile : server.pidFiles()) {
            try {
                ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).ifPresent(roots::add);
            } catch (IOException | NumberFormatException e) {
                // Not running: nothing resident.
            }
        }
        return roots.stream().flatMap(root -> Stream.concat(Stream.of(root), root.descendants()))
            .mapToLong(handle -> {
                try {
                    return Files.readAllLines(Path.of("/proc", Long.toString(handle.pid()), "smaps_rollup")).stream()
                        .filter(line -> line.startsWith("Pss:")).mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
                        .sum();
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
    }

    /** A configuration folder copied to a new temporary folder, to be changed there. */
    private static Path copyOf(Path conf, String prefix) throws IOException {
        Path copy = Files.createTempDirectory(prefix);
        try (Stream<Path> files = Files.list(conf)) {
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        return copy;
    }

    /** A file of bench/stock-conf with the run's submission port, sink and TLS material in place of its markers. */
    private static String stockTemplate(String text, int submission, Path tls, SmtpSink sink) {
        return text.replace("@SUBMISSION_PORT@", Integer.toString(submission))
            .replace("@SINK@", "127.0.0.1:" + sink.port())
            .replace("@TLS_KEY@", tls.resolve("key.pem").toString())
            .replace("@TLS_CERT@", tls.resolve("cert.pem").toString());
    }

    /** Postfix's submission service, set up by bench/postfix.sh with the bundle's certificate, relaying to the sink. */
    private static Server startPostfix(Path script, Path tls, SmtpSink sink, List<Runnable> cleanups) throws Exception {
        Path instance = Files.createTempDirectory("bench-postfix");
        int submission = freePort();
        Process setup = new ProcessBuilder(script.toString(), "start", instance.toString(), Integer.toString(submission),
            Integer.toString(sink.port()), USER, PASSWORD, tls.resolve("cert.pem").toString(), tls.resolve("key.pem").toString())
            .redirectErrorStream(true).start();
        String output = new String(setup.getInputStream().readAllBytes());
        if (setup.waitFor() != 0) {
            throw new IllegalStateException("Postfix did not start:\n" + output);
        }
        System.out.print(output);
        cleanups.add(() -> {
            try {
                new ProcessBuilder(script.toString(), "stop", instance.toString()).inheritIO().start().waitFor();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        return new Server("postfix", null, null, submission, "127.0.0.1", 0,
            List.of(instance.resolve("queue/pid/master.pid"), instance.resolve("opendkim/opendkim.pid")));
    }

    private static Server startBundle(String name, Path dist, Path conf, Path home, int submission, SmtpSink sink, ZoneDnsServer dns,
                                      Path jfr, String extraEnv) throws Exception {
        // A port picked free may be taken before James binds it (another server, an outgoing connection): try again.
        for (int attempt = 1; ; attempt++) {
            try {
                return startBundleOnce(name, dist, conf, home, submission, sink, dns, jfr, extraEnv);
            } catch (IllegalStateException e) {
                if (attempt == 3 || !String.valueOf(e.getMessage()).contains("Address already in use")) {
                    throw e;
                }
                System.out.println(name + ": a port was taken meanwhile; starting again with other ports");
            }
        }
    }

    private static Server startBundleOnce(String name, Path dist, Path conf, Path home, int submission, SmtpSink sink,
                                          ZoneDnsServer dns, Path jfr, String extraEnv) throws Exception {
        int webadmin = freePort();
        ProcessBuilder builder = new ProcessBuilder(dist.resolve("bin/james-msa").toString());
        Map<String, String> env = builder.environment();
        env.put("MSA_CONF_DIR", conf.toString());
        env.put("MSA_HOME", home.toString());
        env.put("MSA_DOMAIN", "bench.test");
        env.put("MSA_HOSTNAME", "mail.bench.test");
        env.put("MSA_SMARTHOST_TLS", "none");
        env.put("MSA_BIND_ADDRESS", "127.0.0.1");
        env.put("MSA_SMTP_PORT", Integer.toString(freePort()));
        env.put("MSA_SUBMISSION_PORT", Integer.toString(submission));
        env.put("MSA_SUBMISSIONS_PORT", Integer.toString(freePort()));
        env.put("MSA_WEBADMIN_PORT", Integer.toString(webadmin));
        env.put("MSA_SMARTHOST", "127.0.0.1:" + sink.port());
        env.put("MSA_DNS_SERVERS", dns.address());
        env.put("JAVA_OPTS", "-Xmx" + heap + " -Ddns.server=" + dns.address()
            + (jfr == null ? "" : " -XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + jfr));
        env.put("MSA_IMAP_PORT", "0");
        env.put("MSA_IMAPS_PORT", "0");
        // Every connection of the load comes from 127.0.0.1; the growth curve runs up to 256 at once.
        env.put("MSA_SUBMISSION_CONNECTIONS_PER_CLIENT", "0");
        // --bundle-env "NAME=value,NAME=value": a setting under test (a lever of the performance issue, say).
        for (String pair : extraEnv.split(",")) {
            if (pair.contains("=")) {
                // JAVA_OPTS is added to the heap and DNS options above, not put in their place.
                env.merge(pair.substring(0, pair.indexOf('=')).strip(), pair.substring(pair.indexOf('=') + 1).strip(),
                    (before, added) -> pair.startsWith("JAVA_OPTS=") ? before + " " + added : added);
            }
        }
        return started(name, builder, home.resolve("james.log"), submission, webadmin);
    }

    /**
     * A cluster of {@code nodes} started by cluster/cluster.sh, as an operator starts it: PostgreSQL, Redis, HAProxy
     * and the nodes, each with the same heap as the single servers. Measured through HAProxy's submission port.
     */
    private static Server startCluster(Path script, int nodes, Path dist, SmtpSink sink, ZoneDnsServer dns,
                                       List<Runnable> cleanups) throws Exception {
        Path base = Files.createTempDirectory("bench-cluster");
        Files.setPosixFilePermissions(base, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path dir = base.resolve("c");
        Map<String, String> env = new HashMap<>(Map.of("MSA_LAUNCHER", dist.resolve("bin/james-msa").toString(),
            "MSA_DOMAIN", "bench.test", "MSA_SMARTHOST", "127.0.0.1:" + sink.port(), "MSA_SMARTHOST_TLS", "none",
            "MSA_DNS_SERVERS", dns.address(), "JAVA_OPTS", "-Xmx" + heap + " -Ddns.server=" + dns.address()));
        cleanups.add(() -> runScript(script, env, "stop", dir.toString()));
        runScript(script, env, "start", dir.toString(), Integer.toString(nodes));
        Map<String, String> cluster = new HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("cluster.env"))) {
            if (line.contains("=") && !line.startsWith("#")) {
                cluster.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        return new Server("cluster-" + nodes, null, null, Integer.parseInt(cluster.get("MSA_LB_SUBMISSION_PORT")),
            cluster.get("MSA_NODE1_ADDRESS"), Integer.parseInt(cluster.get("MSA_NODE_WEBADMIN_PORT")));
    }

    private static void runScript(Path script, Map<String, String> env, String... arguments) {
        List<String> command = new ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(arguments));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(env);
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Server startStock(Path lib, Path stockConf, Path tls, SmtpSink sink, ZoneDnsServer dns) throws Exception {
        Path root = Files.createTempDirectory("bench-stock");
        int submission = freePort();
        int webadmin = freePort();
        Files.createDirectories(root.resolve("conf"));
        try (Stream<Path> files = Files.list(stockConf)) {
            for (Path file : files.toList()) {
                Files.writeString(root.resolve("conf").resolve(file.getFileName()),
                    stockTemplate(Files.readString(file), submission, tls, sink).replace("@WEBADMIN_PORT@", Integer.toString(webadmin))
                        .replace("@DKIM_SIGN@", ""));
            }
        }
        ProcessBuilder builder = new ProcessBuilder("java", "-Xmx" + heap, "-Dworking.directory=" + root, "-Ddns.server=" + dns.address(),
            "-Dlogback.configurationFile=" + root.resolve("conf/logback.xml"), "-cp", lib + "/*",
            "org.apache.james.MemoryJamesServerMain");
        return started("stock", builder, root.resolve("james.log"), submission, webadmin);
    }

    private static Server started(String name, ProcessBuilder builder, Path log, int submission, int webadmin) throws Exception {
        Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (!Files.readString(log).contains("JAMES server started")) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                process.destroyForcibly();
                throw new IllegalStateException(name + " James did not start:\n" + Files.readString(log));
            }
            Thread.sleep(200);
        }
        return new Server(name, process, log, submission, webadmin);
    }

    /**
     * The benchmark's user; on the bundle, with hourly limits high enough for the whole run, but still counted, so
     * that the limiter's cost is in the measurement.
     */
    private static void addUser(Server server) throws IOException, InterruptedException {
        put(server, "/users/" + USER, "{\"password\":\"" + PASSWORD + "\"}");
        if (!server.name().equals("stock")) {
            put(server, "/msa/user-limits/" + USER, "{\"messagesPerHour\":100000000,\"recipientsPerHour\":100000000}");
        }
    }

    private static void put(Server server, String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://" + server.webadminHost() + ":" + server.webadminPort() + path))
            .PUT(HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(server.name() + " refused PUT " + path + ": " + response.body());
        }
    }

    private static void stop(Server server) throws InterruptedException {
        server.process().destroy();
        if (!server.process().waitFor(60, TimeUnit.SECONDS)) {
            server.process().destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Peak resident size (VmHWM) of each James process over the whole run, beside the heap it was limited to. */
    private static void printMemory(List<Server> servers) {
        System.out.println();
        System.out.println("| server | max heap | peak resident size (MB) |");
        System.out.println("|---|---|---|");
        for (Server server : servers) {
            if (server.process() == null) {
                continue;
            }
            try {
                String peak = Files.readAllLines(Path.of("/proc", Long.toString(server.process().pid()), "status")).stream()
                    .filter(line -> line.startsWith("VmHWM:")).findFirst().orElse("VmHWM: 0 kB");
                long kb = Long.parseLong(peak.replaceAll("[^0-9]", ""));
                System.out.printf("| %s | %s | %d |%n", server.name(), heap, kb / 1024);
            } catch (IOException e) {
                System.out.printf("| %s | %s | unknown (%s) |%n", server.name(), heap, e.getMessage());
            }
        }
    }

    private static void printSummary(Map<String, List<LoadGenerator.Report>> reports, SmtpSink sink) {
        System.out.println();
        System.out.println("| server | runs | mean messages/s | min | max | failed replies |");
        System.out.println("|---|---|---|---|---|---|");
        Map<String, Double> means = new HashMap<>();
        reports.forEach((name, runs) -> {
            double mean = runs.stream().mapToDouble(LoadGenerator.Report::perSecond).average().orElse(0);
            means.put(name, mean);
            System.out.printf("| %s | %d | %.1f | %.1f | %.1f | %d |%n", name, runs.size(), mean,
                runs.stream().mapToDouble(LoadGenerator.Report::perSecond).min().orElse(0),
                runs.stream().mapToDouble(LoadGenerator.Report::perSecond).max().orElse(0),
                runs.stream().mapToLong(LoadGenerator.Report::failed).sum());
        });
        List<String> names = new ArrayList<>(reports.keySet());
        for (int a = 0; a < names.size(); a++) {
            for (int b = 0; b < names.size(); b++) {
                if (a != b) {
                    printRatio(names.get(a), names.get(b), reports, means);
                }
            }
        }
        // The last messages accepted may still be on their way through a queue.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (sink.received() < ACCEPTED.get() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        System.out.println("messages relayed to the sink: " + sink.received() + " of " + ACCEPTED.get() + " accepted");
        for (String name : reports.keySet()) {
            System.out.println();
            System.out.println("latency per phase, last run of " + name + ":");
            LoadGenerator.print(reports.get(name).get(reports.get(name).size() - 1), System.out);
        }
    }

    /**
     * Messages per second and the p99 of DATA (the time to 250, where durability shows) per server, as a PNG drawn by
     * gnuplot (Debian package gnuplot-nox) from the numbers printed above.
     */
    private static void plot(Map<String, List<LoadGenerator.Report>> reports, Path png) {
        try {
            Path data = Files.createTempFile("compare", ".dat");
            StringBuilder rows = new StringBuilder("server messages_per_second p99_data_ms\n");
            reports.forEach((name, runs) -> rows.append(String.format(java.util.Locale.ROOT, "%s %.1f %.1f%n", name,
                runs.stream().mapToDouble(LoadGenerator.Report::perSecond).average().orElse(0),
                runs.stream().mapToLong(r -> r.percentileMicros(LoadGenerator.Phase.DATA, 0.99)).average().orElse(0) / 1000)));
            Files.writeString(data, rows.toString());
            String script = String.join("\n",
                "set terminal pngcairo size 1200,520 font ',11'",
                "set output '" + png.toAbsolutePath() + "'",
                "set style data histograms", "set style fill solid 0.7 border -1", "set boxwidth 0.7",
                "set key off", "set grid ytics", "set yrange [0:*]", "set xtics rotate by 30 right", "set bmargin 7",
                "set multiplot layout 1,2",
                "set title 'messages/s (one message per connection, 4 KB)'",
                "plot '" + data + "' using 2:xtic(1) every ::1 lc rgb '#3366aa'",
                "set title 'p99 of DATA until 250 (ms, mean over rounds)'",
                "plot '" + data + "' using 3:xtic(1) every ::1 lc rgb '#aa6633'",
                "unset multiplot", "");
            gnuplot(script);
            System.out.println("plot: " + png.toAbsolutePath());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs gnuplot (Debian package gnuplot-nox) on a script. */
    static void gnuplot(String script) throws IOException, InterruptedException {
        Process gnuplot = new ProcessBuilder("gnuplot").redirectErrorStream(true).start();
        gnuplot.getOutputStream().write(script.getBytes());
        gnuplot.getOutputStream().close();
        String output = new String(gnuplot.getInputStream().readAllBytes());
        if (gnuplot.waitFor() != 0) {
            throw new IllegalStateException("gnuplot failed: " + output);
        }
    }

    /** a/b throughput: the ratio of the means, and its spread over the rounds (both ran in every round). */
    private static void printRatio(String a, String b, Map<String, List<LoadGenerator.Report>> reports, Map<String, Double> means) {
        List<LoadGenerator.Report> first = reports.get(a);
        List<LoadGenerator.Report> second = reports.get(b);
        double[] ratios = new double[Math.min(first.size(), second.size())];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = first.get(i).perSecond() / second.get(i).perSecond();
        }
        java.util.Arrays.sort(ratios);
        System.out.printf("%s/%s throughput: %.3f (mean of means); per round %.3f .. %.3f, median %.3f%n", a, b,
            means.get(a) / means.get(b), ratios[0], ratios[ratios.length - 1], ratios[ratios.length / 2]);
    }

    /** Where the bundle's James spends its CPU: JFR execution samples, by the first frame of a known area. */
    private static void printProfile(Path jfr) throws IOException {
        Map<String, Long> byArea = new TreeMap<>();
        Map<String, Long> byWork = new TreeMap<>();
        long total = 0;
        long touchingBundle = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(jfr)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            total++;
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            if (frames.stream().anyMatch(f -> f.getMethod().getType().getName().startsWith("org.jamesmsa"))) {
                touchingBundle++;
            }
            // The password hash runs JDK crypto frames like TLS does; its PBKDF2 frame anywhere on the stack tells them apart.
            String area = frames.stream().anyMatch(f -> f.getMethod().getType().getName().contains("PBKDF2"))
                ? "AUTH password hash (PBKDF2)"
                : frames.stream().map(f -> area(f.getMethod().getType().getName())).filter(a -> a != null)
                    .findFirst().orElse("other (JDK, GC helpers)");
            byArea.merge(area, 1L, Long::sum);
            byWork.merge(work(frames), 1L, Long::sum);
        }
        System.out.println();
        System.out.println("JFR profile of the bundle's James: " + total + " execution samples");
        System.out.println("| area (innermost known frame) | share |");
        System.out.println("|---|---|");
        long samples = total;
        byArea.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .forEach(e -> System.out.printf("| %s | %.1f %% |%n", e.getKey(), 100.0 * e.getValue() / samples));
        System.out.printf("samples with a frame of the bundle anywhere on the stack: %.1f %%%n", 100.0 * touchingBundle / samples);
        System.out.println();
        System.out.println("| work (the first of these found anywhere on the stack) | share |");
        System.out.println("|---|---|");
        byWork.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .forEach(e -> System.out.printf("| %s | %.1f %% |%n", e.getKey(), 100.0 * e.getValue() / samples));
    }

    /**
     * What a sample was done for, whatever code ran it: a DKIM signature spends its time in JDK crypto and JavaMail,
     * which the innermost-frame table counts as TLS and MIME parsing.
     */
    private static final List<Map.Entry<String, String>> WORK = List.of(
        Map.entry("DkimSigning", "bundle: DKIM signature"),
        Map.entry("TraceHeadersFirst", "bundle: trace headers on top"),
        Map.entry("MessageStamping", "bundle: trace stamping and fix-ups (SMTP time)"),
        Map.entry("org.jamesmsa.audit", "bundle: audit records"),
        Map.entry("AuditRecorder", "bundle: audit records"),
        Map.entry("org.jamesmsa.csv", "bundle: EHLO validation"),
        Map.entry("org.jamesmsa.smtp.csv", "bundle: EHLO validation"),
        Map.entry("UsersRepositoryCredentialsHook", "AUTH: user lookup and password hash"),
        Map.entry("UsersRepositoryAuthHook", "AUTH: user lookup and password hash"),
        Map.entry("CachingUsersRepository", "AUTH: user lookup and password hash"),
        Map.entry("SslHandler", "TLS: handshakes and records"),
        Map.entry("RecipientRewriteTable", "James: recipient rewrite table"),
        Map.entry("remote.delivery", "James: remote delivery"),
        Map.entry("org.apache.activemq", "James: mail queues (ActiveMQ)"),
        Map.entry("org.apache.james.queue", "James: mail queues (ActiveMQ)"),
        Map.entry("org.jamesmsa", "bundle: other hooks and mailets"),
        Map.entry("org.apache.james.mailetcontainer", "James: other mailets"),
        Map.entry("org.apache.james.transport", "James: other mailets"),
        Map.entry("org.apache.james.protocols", "James: SMTP protocol"),
        Map.entry("org.apache.james.smtpserver", "James: SMTP protocol"),
        Map.entry("io.netty", "Netty I/O"));

    /**
     * The bundle's frames that only hand James's own work on: the Netty handler that wraps every channel read, and the
     * subclasses of James's handlers that call James first. A sample is not the bundle's work because one of them is
     * on its stack.
     */
    private static final List<String> PASS_THROUGH = List.of("org.jamesmsa.smtp.TransportErrorGuard",
        "org.jamesmsa.smtp.MsaSendMailHandler", "org.jamesmsa.smtp.MsaMailSizeEsmtpExtension", "org.jamesmsa.smtp.MsaEhloCmdHandler",
        "org.jamesmsa.launcher.MsaLauncher");

    private static String work(List<RecordedFrame> frames) {
        for (Map.Entry<String, String> work : WORK) {
            for (RecordedFrame frame : frames) {
                String type = frame.getMethod().getType().getName();
                if (type.contains(work.getKey()) && PASS_THROUGH.stream().noneMatch(type::startsWith)) {
                    return work.getValue();
                }
            }
        }
        return "other (JDK, GC helpers, start-up)";
    }

    private static String area(String type) {
        if (type.startsWith("org.jamesmsa.audit") || type.startsWith("org.jamesmsa.mailets.AuditRecorder")) {
            return "bundle: audit records";
        }
        if (type.startsWith("org.jamesmsa.csv") || type.startsWith("org.jamesmsa.smtp.csv")) {
            return "bundle: EHLO validation";
        }
        if (type.startsWith("org.jamesmsa")) {
            return "bundle: hooks, trace, fix-ups";
        }
        if (type.startsWith("sun.security") || type.startsWith("javax.crypto") || type.startsWith("com.sun.crypto")
            || type.startsWith("javax.net.ssl") || type.startsWith("org.bouncycastle")) {
            return "TLS and crypto";
        }
        if (type.startsWith("ch.qos.logback") || type.startsWith("org.slf4j")) {
            return "logging";
        }
        if (type.startsWith("org.apache.james.transport") || type.startsWith("org.apache.james.mailetcontainer")
            || type.startsWith("org.apache.james.mailbox") || type.startsWith("org.apache.james.queue")) {
            return "James: spool, mailets, queue";
        }
        if (type.startsWith("org.apache.james.protocols") || type.startsWith("org.apache.james.smtpserver")) {
            return "James: SMTP protocol";
        }
        if (type.startsWith("org.apache.activemq")) {
            return "ActiveMQ and its KahaDB journal";
        }
        if (type.startsWith("org.apache.derby") || type.startsWith("org.apache.openjpa")) {
            return "Derby and OpenJPA (users, domains, rewrites)";
        }
        if (type.startsWith("io.netty")) {
            return "Netty I/O";
        }
        if (type.startsWith("javax.mail") || type.startsWith("com.sun.mail")) {
            return "JavaMail (MIME parsing)";
        }
        return null;
    }
}
