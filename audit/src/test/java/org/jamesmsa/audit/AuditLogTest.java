package org.jamesmsa.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

class AuditLogTest {
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path root;
    /** The audit folder, its anchors beside it in {@code root}. */
    Path dir;

    @org.junit.jupiter.api.BeforeEach
    void auditFolder() {
        dir = root.resolve("audit");
    }

    private List<String> lines(String day) throws Exception {
        return Files.readAllLines(dir.resolve("audit-" + day + ".jsonl"));
    }

    @Test
    void concurrentAppendsAreAllCommittedInOneIntactChain() throws Exception {
        try (AuditLog log = AuditLog.open(dir, 30, CLOCK)) {
            ExecutorService threads = Executors.newFixedThreadPool(16);
            List<CompletableFuture<String>> committed = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                int n = i;
                committed.add(CompletableFuture.supplyAsync(() -> log.append(AuditRecords.submission(NOW, "m" + n)), threads)
                    .thenCompose(f -> f));
            }
            CompletableFuture.allOf(committed.toArray(new CompletableFuture[0])).get(60, TimeUnit.SECONDS);
            threads.shutdown();
        }

        assertThat(lines("2026-11-24")).as("the open line and the records").hasSize(2001);
        AuditVerifier.Report report = AuditQuery.verify(dir);
        assertThat(report.problems()).isEmpty();
        assertThat(report.records()).isEqualTo(2000);
        assertThat(report.lastSeq()).isEqualTo(2001);
    }

    @Test
    void recordHasTheFixedFieldsInOrder() throws Exception {
        try (AuditLog log = AuditLog.open(dir, 30, CLOCK)) {
            log.append(AuditRecords.mx(NOW, "m1")).get(10, TimeUnit.SECONDS);
        }

        var fields = new ArrayList<String>();
        new ObjectMapper().readTree(lines("2026-11-24").get(1)).fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("ts", "seq", "type", "node", "acceptedBy", "origin", "traceId", "about", "sessionId", "messageId",
            "authUser", "listener", "port", "clientIp", "clientPort", "clientName", "helo", "csv", "csvReason", "tls",
            "mailFrom", "rcptTo", "size", "sha256", "bodySha256", "prev", "hash");
        assertThat(lines("2026-11-24").get(0)).as("the first file ever opens the chain")
            .contains("\"seq\":1,\"type\":\"open\",\"previousFile\":null,\"previousSeal\":null,\"prev\":\"" + AuditChain.GENESIS + "\"");
        assertThat(lines("2026-11-24").get(1)).contains("\"ts\":\"2026-11-24T10:00:00.000Z\"", "\"seq\":2",
            "\"type\":\"message\"", "\"origin\":\"mx\"", "\"authUser\":null", "\"tls\":null",
            "\"rcptTo\":[\"alice@msa.test\",\"bob@msa.test\"]");
    }

    @Test
    void chainContinuesAcrossARestart() throws Exception {
        String lastBefore;
        try (AuditLog log = AuditLog.open(dir, 30, CLOCK)) {
            log.append(AuditRecords.mx(NOW, "m1")).get(10, TimeUnit.SECONDS);
            lastBefore = log.append(AuditRecords.mx(NOW, "m2")).get(10, TimeUnit.SECONDS);
        }
        try (AuditLog log = AuditLog.open(dir, 30, CLOCK)) {
            log.append(AuditRecords.mx(NOW, "m3")).get(10, TimeUnit.SECONDS);
        }

        assertThat(lines("2026-11-24")).hasSize(4);
        assertThat(lines("2026-11-24").get(3)).contains("\"seq\":4", "\"prev\":\"" + lastBefore + "\"");
        assertThat(AuditQuery.verify(dir).problems()).isEmpty();
    }

    @Test
    void recordsGoToTheFileOfTheirUtcDayAndTheChainSpansFiles() throws Exception {
        try (AuditLog log = AuditLog.open(dir, 30, CLOCK)) {
            log.append(AuditRecords.mx(Instant.parse("2026-11-23T23:59:59Z"), "late")).get(10, TimeUnit.SECONDS);
            log.append(AuditRecords.mx(Instant.parse("2026-11-24T00:00:00Z"), "early")).get(10, TimeUnit.SECONDS);
        }

        assertThat(lines("2026-11-23")).hasSize(3);
        assertThat(lines("2026-11-23").get(2)).as("sealed when the chain moved on")
            .contains("\"seq\":3,\"type\":\"seal\",\"file\":\"audit-2026-11-23.jsonl\",\"records\":2");
        String sealHash = new ObjectMapper().readTree(lines("2026-11-23").get(2)).get("hash").asText();
        assertThat(lines("2026-11-24").get(0)).contains("\"type\":\"open\",\"previousFile\":\"audit-2026-11-23.jsonl\","
            + "\"previousSeal\":\"" + sealHash + "\"");
        assertThat(lines("2026-11-24")).hasSize(2);
        assertThat(AuditQuery.verify(dir).records()).isEqualTo(2);
        assertThat(AuditQuery.verify(dir).problems()).isEmpty();
    }

    @Test
    void retentionDeletesOnlyExpiredAuditFiles() throws Exception {
        Files.createDirectories(dir);
        for (String day : List.of("2026-10-14", "2026-10-24", "2026-10-25", "2026-11-23")) {
            Files.writeString(dir.resolve("audit-" + day + ".jsonl"), "");
        }
        Files.writeString(dir.resolve("notes.txt"), "not an audit file");

        AuditLog.open(dir, 30, CLOCK).close();

        assertThat(dir.resolve("audit-2026-10-14.jsonl")).doesNotExist();
        assertThat(dir.resolve("audit-2026-10-24.jsonl")).doesNotExist();
        assertThat(dir.resolve("audit-2026-10-25.jsonl")).as("exactly 30 days old: kept").exists();
        assertThat(dir.resolve("audit-2026-11-23.jsonl")).exists();
        assertThat(dir.resolve("notes.txt")).exists();
    }

    @Test
    void unfinishedLastLineOfACrashIsCutAndTheChainGoesOn() throws Exception {
        try (AuditLog log = AuditLog.open(dir, 30, CLOCK)) {
            log.append(AuditRecords.mx(NOW, "m1")).get(10, TimeUnit.SECONDS);
        }
        Files.writeString(dir.resolve("audit-2026-11-24.jsonl"), "{\"ts\":\"2026-11-24T10:00:01.000Z\",\"trace",
            StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);

        try (AuditLog log = AuditLog.open(dir, 30, CLOCK)) {
            log.append(AuditRecords.mx(NOW, "m2")).get(10, TimeUnit.SECONDS);
        }

        assertThat(lines("2026-11-24")).hasSize(3);
        assertThat(AuditQuery.verify(dir).problems()).isEmpty();
    }

    @Test
    void fullDiskFailsTheAppendAndTheLogRecoversWhenSpaceReturns() throws Exception {
        Path today = Files.createDirectories(dir).resolve("audit-2026-11-24.jsonl");
        Files.createSymbolicLink(today, Path.of("/dev/full"));
        try (AuditLog log = AuditLog.open(dir, 30, CLOCK)) {
            CompletableFuture<String> failed = log.append(AuditRecords.mx(NOW, "m1"));

            assertThatThrownBy(() -> failed.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasMessageContaining("No space left on device");

            Files.delete(today);
            assertThat(log.append(AuditRecords.mx(NOW, "m2")).get(10, TimeUnit.SECONDS)).hasSize(64);
        }
        assertThat(lines("2026-11-24")).hasSize(2).noneMatch(line -> line.contains("<m1>"));
        assertThat(lines("2026-11-24").get(1)).contains("<m2>", "\"seq\":2");
    }

    @Test
    void folderThatCannotBeWrittenIsNamedAtOpen() throws Exception {
        Path notAFolder = Files.writeString(root.resolve("file"), "x");

        assertThatThrownBy(() -> AuditLog.open(notAFolder, 30, CLOCK))
            .hasMessageContaining("audit folder " + notAFolder + " is not writable");
    }

    @Test
    void appendAfterCloseFails() throws Exception {
        AuditLog log = AuditLog.open(dir, 30, CLOCK);
        log.close();

        assertThat(log.append(AuditRecords.mx(NOW, "late"))).isCompletedExceptionally();
    }
}
