package org.jamesmsa.audit.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import org.jamesmsa.audit.AuditField;
import org.jamesmsa.audit.AuditLog;
import org.jamesmsa.audit.AnchorKeys;
import org.jamesmsa.audit.AuditRecord;
import org.jamesmsa.audit.AuditVerifier;

/**
 * Audit records per second with group commit: N threads (James's spool threads) each append a record and wait for
 * its fsync before the next, as {@code AuditRecorder} does. Writes to a new folder in java.io.tmpdir.
 * Run: {@code mvn -q -pl audit -am test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=org.jamesmsa.audit.bench.AuditLogBenchmark}. Results are recorded in BENCHMARKS.md.
 */
public final class AuditLogBenchmark {
    private static final int RECORDS_PER_THREAD = 2_000;

    private AuditLogBenchmark() {
    }

    /** How often the head is anchored: the default, and the worst case, signed, after every group commit. */
    private enum Anchoring {
        EVERY_MINUTE(Duration.ofMinutes(1), false),
        EVERY_COMMIT_SIGNED(Duration.ZERO, true);

        final Duration interval;
        final boolean signed;

        Anchoring(Duration interval, boolean signed) {
            this.interval = interval;
            this.signed = signed;
        }
    }

    public static void main(String[] args) throws Exception {
        System.out.println("| anchoring | threads | records | seconds | records per second | p50 commit (ms) | p99 commit (ms) | anchors | chain |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (Anchoring anchoring : Anchoring.values()) {
            for (int threads : new int[] {1, 4, 16, 32}) {
                run(threads, anchoring);
            }
        }
    }

    private static void run(int threads, Anchoring anchoring) throws Exception {
        Path root = Files.createTempDirectory("audit-bench");
        Path dir = root.resolve("audit");
        long[] latencies = new long[threads * RECORDS_PER_THREAD];
        AtomicLong index = new AtomicLong();
        CountDownLatch done = new CountDownLatch(threads);
        long start;
        AuditLog.Options options = new AuditLog.Options(dir).anchors(root.resolve("anchors"), anchoring.interval);
        if (anchoring.signed) {
            options.anchorKey(root.resolve("anchor-key.pem"));
        }
        try (AuditLog log = AuditLog.open(options)) {
            start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                new Thread(() -> {
                    try {
                        for (int i = 0; i < RECORDS_PER_THREAD; i++) {
                            long before = System.nanoTime();
                            log.append(record(thread, i)).get();
                            latencies[(int) index.getAndIncrement()] = System.nanoTime() - before;
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    } finally {
                        done.countDown();
                    }
                }).start();
            }
            done.await();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(latencies);
        AuditVerifier.Options check = new AuditVerifier.Options(dir).anchors(root.resolve("anchors"));
        if (anchoring.signed) {
            check.publicKey(AnchorKeys.verifierFrom(AnchorKeys.publicKeyOf(root.resolve("anchor-key.pem"))));
        }
        AuditVerifier.Report report = AuditVerifier.verify(check);
        System.out.printf("| %s | %d | %d | %.2f | %.0f | %.2f | %.2f | %d | %s |%n", anchoring.name().toLowerCase().replace('_', ' '),
            threads, latencies.length, seconds, latencies.length / seconds, latencies[latencies.length / 2] / 1e6,
            latencies[(int) (latencies.length * 0.99)] / 1e6, report.anchors(),
            report.intact() && report.records() == latencies.length ? "intact" : "BROKEN " + report.problems());
    }

    private static AuditRecord record(int thread, int i) {
        return AuditRecord.at(Instant.now()).with(AuditField.TRACE_ID, "trace" + thread + "x" + i)
            .with(AuditField.SESSION_ID, "session-" + thread).with(AuditField.MESSAGE_ID, "<" + thread + "." + i + "@bench>")
            .with(AuditField.AUTH_USER, "user" + thread + "@msa.test").with(AuditField.LISTENER, "submission")
            .with(AuditField.PORT, 587).with(AuditField.CLIENT_IP, "127.0.0.1").with(AuditField.CLIENT_PORT, 40000 + thread)
            .with(AuditField.HELO, "client.example").with(AuditField.CSV, "none")
            .with(AuditField.CSV_REASON, "no _client._smtp SRV record: no statement").tls("TLSv1.3", "TLS_AES_256_GCM_SHA384")
            .with(AuditField.MAIL_FROM, "user" + thread + "@msa.test").with(AuditField.RCPT_TO, List.of("friend@elsewhere.example"))
            .with(AuditField.SIZE, 2048).with(AuditField.SHA256, "ab".repeat(32))
            .build();
    }
}
