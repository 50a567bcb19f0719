package org.jamesmsa.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Tampering, each case on a store of three days (three records a day, anchored after every commit), and what the
 * verifier reports. Sequence numbers: day 1 holds 1 (open), 2-4, 5 (seal); day 2 holds 6 (open), 7-9, 10 (seal);
 * day 3 holds 11 (open), 12-14.
 */
class AuditVerifierTest {
    private static final List<Instant> DAYS = List.of(Instant.parse("2026-11-20T10:00:00Z"),
        Instant.parse("2026-11-21T10:00:00Z"), Instant.parse("2026-11-22T10:00:00Z"));
    private static final String DAY1 = "audit-2026-11-20.jsonl";
    private static final String DAY2 = "audit-2026-11-21.jsonl";
    private static final String DAY3 = "audit-2026-11-22.jsonl";

    @TempDir
    Path root;
    Path dir;
    Path anchors;

    @BeforeEach
    void threeDays() throws Exception {
        dir = root.resolve("audit");
        anchors = root.resolve("anchors");
        write(30, null);
    }

    private void write(int retentionDays, Path key) throws Exception {
        for (int day = 0; day < DAYS.size(); day++) {
            AuditLog.Options options = new AuditLog.Options(dir).retentionDays(retentionDays)
                .clock(Clock.fixed(DAYS.get(day), ZoneOffset.UTC)).anchors(anchors, Duration.ZERO);
            if (key != null) {
                options.anchorKey(key);
            }
            try (AuditLog log = AuditLog.open(options)) {
                for (int i = 1; i <= 3; i++) {
                    log.append(AuditRecords.submission(DAYS.get(day).plusSeconds(i), "m" + (day + 1) + "." + i)).get(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    private AuditVerifier.Report report() throws Exception {
        return AuditVerifier.verify(new AuditVerifier.Options(dir).anchors(anchors));
    }

    private void rewrite(String file, UnaryOperator<List<String>> change) throws Exception {
        Path path = dir.resolve(file);
        Files.write(path, change.apply(new ArrayList<>(Files.readAllLines(path))));
    }

    @Test
    void anIntactStorePassesEveryCheck() throws Exception {
        AuditVerifier.Report report = report();

        assertThat(report.problems()).isEmpty();
        assertThat(report.notes()).isEmpty();
        assertThat(report.records()).isEqualTo(9);
        assertThat(report.lastSeq()).isEqualTo(14);
        assertThat(report.anchors()).isGreaterThanOrEqualTo(11);
    }

    @Test
    void anEditedRecordIsAltered() throws Exception {
        rewrite(DAY2, lines -> {
            lines.set(2, lines.get(2).replace("\"clientIp\":\"127.0.0.2\"", "\"clientIp\":\"127.0.0.3\""));
            return lines;
        });

        assertThat(report().problems()).containsExactly(DAY2 + ":3 (record 8): hash does not match the record (altered)");
    }

    @Test
    void anEditedRecordWithItsHashRecomputedBreaksTheNextLinkAndTheAnchor() throws Exception {
        rewrite(DAY2, lines -> {
            try {
                ObjectMapper mapper = new ObjectMapper();
                ObjectNode node = (ObjectNode) mapper.readTree(lines.get(2));
                node.put("authUser", "mallory@msa.test");
                node.remove("hash");
                lines.set(2, AuditChain.seal(mapper, node));
                return lines;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(report().problems()).contains(
            DAY2 + ":4: prev does not match the record before it (a record was deleted, inserted or moved)")
            .anySatisfy(problem -> assertThat(problem).contains("record 8 is not the one the anchor of"));
    }

    @Test
    void anInsertedRecordIsFound() throws Exception {
        rewrite(DAY2, lines -> {
            lines.add(2, lines.get(1));
            return lines;
        });

        assertThat(report().problems()).contains(DAY2 + ":3: record 7 comes again after record 7 (inserted or moved)");
    }

    @Test
    void aRecordDeletedInTheMiddleIsNamedBySequenceNumber() throws Exception {
        rewrite(DAY2, lines -> {
            lines.remove(2);
            return lines;
        });

        assertThat(report().problems()).containsExactly("record 8 missing before " + DAY2 + ":3 (deleted)");
    }

    @Test
    void recordsCutFromTheEndAreFoundByTheAnchor() throws Exception {
        rewrite(DAY3, lines -> new ArrayList<>(lines.subList(0, lines.size() - 2)));

        AuditVerifier.Report report = report();

        assertThat(report.problems()).singleElement().asString()
            .startsWith("records 13 to 14 missing from the end (cut): the anchor of 2026-11-22T10:00:00.000Z")
            .endsWith("names record 14 in " + DAY3);
        assertThat(report.lastSeq()).isEqualTo(12);
    }

    @Test
    void aDeletedDayFileIsNamedWithItsRecords() throws Exception {
        Files.delete(dir.resolve(DAY2));

        assertThat(report().problems()).containsExactly(DAY2 + " is missing (records 6 to 10): " + DAY3
            + ":1 follows it, but the file before is " + DAY1);
    }

    @Test
    void aFileReplacedByAnOlderCopyNoLongerEndsWithItsSeal() throws Exception {
        rewrite(DAY2, lines -> new ArrayList<>(lines.subList(0, 3)));

        assertThat(report().problems()).containsExactly(DAY2 + " does not end with its seal (records 9 to 10): cut short, "
            + "or replaced by an older copy (" + DAY3 + ":1 names its seal)");
    }

    @Test
    void theOldestFileDeletedWithinTheRetentionPeriodIsAProblem() throws Exception {
        Files.delete(dir.resolve(DAY1));

        assertThat(report().problems()).containsExactly(DAY1 + " is missing (records up to 5): " + DAY2
            + ":1 follows it, within the retention period");
    }

    @Test
    void theOldestFileRemovedByRetentionIsOnlyANote() throws Exception {
        Files.walk(root).sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(root)).forEach(p -> p.toFile().delete());
        write(1, null);

        AuditVerifier.Report report = report();

        assertThat(Files.exists(dir.resolve(DAY1))).as("retention of one day deleted it").isFalse();
        assertThat(report.problems()).isEmpty();
        assertThat(report.notes()).containsExactly("the chain starts after " + DAY1 + " (records up to 5), removed by retention");
    }

    @Test
    void aGarbageLineIsNamed() throws Exception {
        rewrite(DAY3, lines -> {
            lines.add(2, "not json at all");
            return lines;
        });

        assertThat(report().problems()).containsExactly(DAY3 + ":3: not JSON");
    }

    @Test
    void withoutAnchorsTheReportSaysWhatCannotBeSeen() throws Exception {
        AuditVerifier.Report report = AuditVerifier.verify(new AuditVerifier.Options(dir).anchors(root.resolve("none")));

        assertThat(report.intact()).isTrue();
        assertThat(report.notes()).containsExactly("no anchors in " + root.resolve("none")
            + ": records cut from the end of the newest file cannot be detected");
    }

    @Test
    void aMissingOrEmptyFolderCannotBeVerified() throws Exception {
        assertThatThrownBy(() -> AuditVerifier.verify(new AuditVerifier.Options(root.resolve("no-such"))))
            .isInstanceOf(AuditVerifier.NothingToVerify.class).hasMessage("no audit folder at " + root.resolve("no-such"));
        Path empty = Files.createDirectories(root.resolve("empty"));
        assertThatThrownBy(() -> AuditVerifier.verify(new AuditVerifier.Options(empty)))
            .isInstanceOf(AuditVerifier.NothingToVerify.class).hasMessage(empty + " holds no audit file (audit-YYYY-MM-DD.jsonl)");
    }

    @Test
    void signedAnchorsVerifyWithThePublicKeyAndAForgedOneDoesNot() throws Exception {
        Files.walk(root).sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(root)).forEach(p -> p.toFile().delete());
        Path key = root.resolve("keys/anchor.pem");
        write(30, key);
        AnchorKeys.Verifier publicKey = AnchorKeys.verifierFrom(AnchorKeys.publicKeyOf(key));

        assertThat(AuditVerifier.verify(new AuditVerifier.Options(dir).anchors(anchors).publicKey(publicKey)).problems()).isEmpty();

        Path anchorFile = anchors.resolve(AuditAnchors.FILE);
        List<String> lines = new ArrayList<>(Files.readAllLines(anchorFile));
        lines.set(lines.size() - 1, lines.get(lines.size() - 1).replace("\"seq\":14", "\"seq\":15"));
        Files.write(anchorFile, lines);

        assertThat(AuditVerifier.verify(new AuditVerifier.Options(dir).anchors(anchors).publicKey(publicKey)).problems())
            .singleElement().asString().endsWith("line " + lines.size() + "): the signature does not verify (a forged or altered anchor)");
        assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.getPosixFilePermissions(key)).extracting(Object::toString).containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
    }

    /** A third party checks an anchor with OpenSSL and the public key alone, without this code. */
    @Test
    void openSslVerifiesAnAnchorWithThePublicKey() throws Exception {
        Files.walk(root).sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(root)).forEach(p -> p.toFile().delete());
        Path key = root.resolve("anchor.pem");
        write(30, key);
        AuditAnchors.Anchor anchor = AuditAnchors.read(anchors, new ArrayList<>()).get(0);
        Path text = Files.writeString(root.resolve("anchor.txt"), anchor.signedText(), StandardCharsets.UTF_8);
        Path signature = Files.write(root.resolve("anchor.sig"), Base64.getDecoder().decode(anchor.signature.orElseThrow()));

        Process openssl = new ProcessBuilder("openssl", "pkeyutl", "-verify", "-pubin", "-inkey",
            AnchorKeys.publicKeyOf(key).toString(), "-rawin", "-in", text.toString(), "-sigfile", signature.toString())
            .redirectErrorStream(true).start();
        String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(openssl.waitFor()).as(output).isZero();
        assertThat(output).contains("Signature Verified Successfully");
    }
}
