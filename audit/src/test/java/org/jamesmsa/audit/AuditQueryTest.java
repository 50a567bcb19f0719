package org.jamesmsa.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditQueryTest {
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    @TempDir
    Path dir;
    Path file;

    @BeforeEach
    void fiveRecords() throws Exception {
        try (AuditLog log = AuditLog.open(dir, 30, Clock.fixed(NOW, ZoneOffset.UTC))) {
            for (int i = 1; i <= 5; i++) {
                log.append(i % 2 == 0 ? AuditRecords.mx(NOW.plusSeconds(i), "m" + i) : AuditRecords.submission(NOW.plusSeconds(i), "m" + i))
                    .get(10, TimeUnit.SECONDS);
            }
        }
        file = dir.resolve("audit-2026-11-24.jsonl");
    }

    private void rewrite(java.util.function.UnaryOperator<List<String>> change) throws Exception {
        Files.write(file, change.apply(new ArrayList<>(Files.readAllLines(file))));
    }

    @Test
    void intactChainVerifies() throws Exception {
        assertThat(AuditQuery.verify(dir)).isEqualTo(new AuditQuery.Verification(5, Optional.empty(), Optional.empty()));
    }

    @Test
    void editedFieldIsFoundAtItsLine() throws Exception {
        rewrite(lines -> {
            String edited = lines.get(1).replace("sender@elsewhere.example", "someone-else@elsewhere.example");
            assertThat(edited).isNotEqualTo(lines.get(1));
            lines.set(1, edited);
            return lines;
        });

        assertThat(AuditQuery.verify(dir).firstBroken())
            .contains("audit-2026-11-24.jsonl:2: hash does not match the record (the record was altered)");
    }

    @Test
    void editedRecordWithARecomputedOwnHashStillBreaksTheNextLink() throws Exception {
        rewrite(lines -> {
            try {
                var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
                var node = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(lines.get(1));
                node.put("authUser", "mallory@msa.test");
                node.remove("hash");
                lines.set(1, AuditChain.seal(mapper, node));
                return lines;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(AuditQuery.verify(dir).firstBroken()).contains(
            "audit-2026-11-24.jsonl:3: prev does not match the record before it (a record was deleted, inserted or moved)");
    }

    @Test
    void deletedRecordIsFoundAtTheNextLine() throws Exception {
        rewrite(lines -> {
            lines.remove(1);
            return lines;
        });

        AuditQuery.Verification verification = AuditQuery.verify(dir);
        assertThat(verification.firstBroken()).contains(
            "audit-2026-11-24.jsonl:2: prev does not match the record before it (a record was deleted, inserted or moved)");
        assertThat(verification.records()).isEqualTo(1);
    }

    @Test
    void garbageLineIsFound() throws Exception {
        rewrite(lines -> {
            lines.add(3, "not json at all");
            return lines;
        });

        assertThat(AuditQuery.verify(dir).firstBroken()).contains("audit-2026-11-24.jsonl:4: not JSON");
    }

    @Test
    void oldestRecordMayFollowOneRemovedByRetention() throws Exception {
        rewrite(lines -> new ArrayList<>(lines.subList(2, 5)));

        AuditQuery.Verification verification = AuditQuery.verify(dir);
        assertThat(verification.intact()).isTrue();
        assertThat(verification.startsAfter()).isPresent();
    }

    @Test
    void findCombinesCriteria() throws Exception {
        AuditQuery.Filter mxAfterThirdSecond = new AuditQuery.Filter(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.of("127.0.0.9"), Optional.of(NOW.plusSeconds(3)), Optional.empty());

        assertThat(AuditQuery.find(dir, mxAfterThirdSecond)).extracting(r -> r.path("messageId").asText())
            .containsExactly("<m4>");
    }

    @Test
    void untilIsExclusive() throws Exception {
        AuditQuery.Filter beforeThird = new AuditQuery.Filter(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.of(NOW.plusSeconds(3)));

        assertThat(AuditQuery.find(dir, beforeThird)).hasSize(2);
    }
}
