package org.jamesmsa.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditToolTest {
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    @TempDir
    Path home;
    Path dir;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void records() throws Exception {
        dir = home.resolve("audit");
        try (AuditLog log = AuditLog.open(dir, 30, Clock.fixed(NOW, ZoneOffset.UTC))) {
            log.append(AuditRecords.submission(NOW, "sub-1@msa.test")).get(10, TimeUnit.SECONDS);
            log.append(AuditRecords.mx(NOW.plusSeconds(1), "mx-1@elsewhere.example")).get(10, TimeUnit.SECONDS);
        }
    }

    private int run(Map<String, String> env, String... args) {
        return AuditTool.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private int run(String... args) {
        return run(Map.of("MSA_AUDIT_DIR", dir.toString()), args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void findByMessageIdPrintsATable() {
        assertThat(run("find", "--message-id", "sub-1@msa.test")).isZero();

        assertThat(out()).contains("traceId", "alice@msa.test", "submission", "<sub-1@msa.test>").doesNotContain("mx-1");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("1 record(s)");
    }

    @Test
    void findByTraceTokenAsJson() {
        assertThat(run("find", "--trace", "trace-mx-1@elsewhere.example", "--json")).isZero();

        assertThat(out().strip()).startsWith("{\"ts\":").contains("\"authUser\":null", "\"listener\":\"mx\"").doesNotContain("sub-1");
    }

    @Test
    void findByUserAndIp() {
        run("find", "--user", "ALICE@msa.test", "--ip", "127.0.0.2", "--json");

        assertThat(out().lines()).hasSize(1).allMatch(line -> line.contains("sub-1"));
    }

    @Test
    void folderComesFromMsaHomeWhenNotGiven() {
        assertThat(run(Map.of("MSA_HOME", home.toString()), "verify")).isZero();
        assertThat(out()).contains("OK: 2 records");
    }

    @Test
    void verifyReportsTheFirstBrokenRecordAndExitsOne() throws Exception {
        Path file = dir.resolve("audit-2026-11-24.jsonl");
        Files.writeString(file, Files.readString(file).replace("\"size\":99", "\"size\":98"));

        assertThat(run("--dir", dir.toString(), "verify")).isEqualTo(1);
        assertThat(out()).contains("BROKEN: audit-2026-11-24.jsonl:2: hash does not match");
    }

    @Test
    void badUsageExitsTwoWithTheProblem() {
        assertThat(run("find", "--since", "yesterday")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--since 'yesterday' is not an RFC 3339 UTC time");
        assertThat(run("shred")).isEqualTo(2);
        assertThat(run(Map.of(), "verify")).isEqualTo(2);
    }
}
