package org.jamesmsa.audit.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import org.jamesmsa.audit.AuditField;
import org.jamesmsa.audit.AuditLog;
import org.jamesmsa.audit.AuditQuery;
import org.jamesmsa.audit.AuditRecord;

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

    public static void main(String[] args) throws Exception {
        System.out.println("| threads | records | seconds | records per second | p50 commit (ms) | p99 commit (ms) | chain |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int threads : new int[] {1, 4, 16, 32}) {
            run(threads);
        }
    }

    private static void run(int threads) throws Exception {
        Path dir = Files.createTempDirectory("audit-bench");
        long[] latencies = new long[threads * RECORDS_PER_THREAD];
        AtomicLong index = new AtomicLong();
        CountDownLatch done = new CountDownLatch(threads);
        long start;
        try (AuditLog log = AuditLog.open(dir, 30, Clock.systemUTC())) {
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
        AuditQuery.Verification verification = AuditQuery.verify(dir);
        System.out.printf("| %d | %d | %.2f | %.0f | %.2f | %.2f | %s |%n", threads, latencies.length, seconds,
            latencies.length / seconds, latencies[latencies.length / 2] / 1e6, latencies[(int) (latencies.length * 0.99)] / 1e6,
            verification.intact() && verification.records() == latencies.length ? "intact" : "BROKEN " + verification);
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
