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
        return AuditTool.run(args, env, console(false));
    }

    private AuditTool.Console console(boolean terminal) {
        return new AuditTool.Console(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
            terminal, Clock.fixed(NOW.plusMillis(60_500), ZoneOffset.UTC));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
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
        assertThat(out()).contains("OK: 2 records, last record 3, 2 anchors, in " + dir);
    }

    @Test
    void verifyReportsTheFirstBrokenRecordAndExitsOne() throws Exception {
        Path file = dir.resolve("audit-2026-11-24.jsonl");
        Files.writeString(file, Files.readString(file).replace("\"size\":99", "\"size\":98"));

        assertThat(run("--dir", dir.toString(), "verify")).isEqualTo(1);
        assertThat(out()).contains("PROBLEM: audit-2026-11-24.jsonl:3 (record 3): hash does not match the record (altered)",
            "BROKEN: 2 records, last record 3, 2 anchors");
    }

    @Test
    void verifyAsJsonForScripts() throws Exception {
        assertThat(run("verify", "--json")).isZero();

        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(out()).toString())
            .isEqualTo("{\"intact\":true,\"records\":2,\"head\":{\"seq\":3,\"hash\":\""
                + AuditQuery.verify(dir).lastHash() + "\"},\"anchors\":2,\"problems\":[],\"notes\":[]}");
    }

    @Test
    void aMissingOrEmptyFolderIsOneLineAndExitTwoNotAnOk() throws Exception {
        assertThat(run("--dir", "/no/such/dir", "verify")).isEqualTo(2);
        assertThat(err()).isEqualTo("james-msa-audit: no audit folder at /no/such/dir\n");
        assertThat(out()).isEmpty();
        err.reset();
        Path empty = Files.createDirectories(home.resolve("empty"));
        assertThat(run("--dir", empty.toString(), "find", "--user", "alice@msa.test")).isEqualTo(2);
        assertThat(err()).isEqualTo("james-msa-audit: " + empty + " holds no audit file (audit-YYYY-MM-DD.jsonl)\n");
    }

    @Test
    void sinceAndUntilTakeDaysAndAges() {
        assertThat(run("find", "--since", "2026-11-24", "--until", "2026-11-24", "--json")).isZero();
        assertThat(out().lines()).hasSize(2);
        out.reset();
        assertThat(run("find", "--since", "1m", "--json")).as("the clock reads a minute and a half-second after the first record").isZero();
        assertThat(out().lines()).hasSize(1).allMatch(line -> line.contains("mx-1"));
    }

    @Test
    void aTerminalSeesProgressAndAPipeDoesNot() {
        AuditTool.run(new String[] {"verify"}, Map.of("MSA_AUDIT_DIR", dir.toString()), console(true));
        assertThat(err()).contains("verifying audit-2026-11-24.jsonl (1 of 1)");
        err.reset();

        run("verify");
        assertThat(err()).isEmpty();
    }

    @Test
    void badUsageExitsTwoWithTheProblem() {
        assertThat(run("find", "--since", "yesterday")).isEqualTo(2);
        assertThat(err()).contains("--since 'yesterday' is not a time: write 2026-11-25T08:00:00Z");
        assertThat(run("shred")).isEqualTo(2);
        assertThat(run(Map.of(), "verify")).isEqualTo(2);
    }

    /** Two nodes' folders, each its own chain: both verified, one node's record found with either's in time order. */
    @Test
    void severalNodesFoldersAreVerifiedEachAndFoundTogetherInTimeOrder() throws Exception {
        Path other = home.resolve("node2-audit");
        try (AuditLog log = AuditLog.open(other, 30, Clock.fixed(NOW, ZoneOffset.UTC))) {
            log.append(AuditRecord.at(NOW.plusMillis(500)).origin(AuditField.Origin.MX).with(AuditField.NODE, "node2")
                .with(AuditField.MESSAGE_ID, "<mx-2@elsewhere.example>").build()).get(10, TimeUnit.SECONDS);
        }

        assertThat(run("--dir", dir.toString(), "--dir", other.toString(), "verify")).isZero();
        assertThat(out()).contains("OK: 2 records, last record 3, 2 anchors, in " + dir, "OK: 1 records, last record 2, 1 anchors, in " + other);

        out.reset();
        assertThat(run("--dir", dir.toString(), "--dir", other.toString(), "find", "--json")).isZero();
        assertThat(out().lines()).hasSize(3).extracting(line -> line.replaceAll(".*\"messageId\":\"([^\"]+)\".*", "$1"))
            .containsExactly("<sub-1@msa.test>", "<mx-2@elsewhere.example>", "<mx-1@elsewhere.example>");

        out.reset();
        assertThat(run("--dir", dir.toString(), "--dir", other.toString(), "find", "--message-id", "<mx-2@elsewhere.example>")).isZero();
        assertThat(out()).contains("node2", "<mx-2@elsewhere.example>").doesNotContain("sub-1");
        assertThat(run("--dir", dir.toString(), "--dir", other.toString(), "--anchors", dir.toString(), "verify")).isEqualTo(2);
    }
}
