package org.jamesmsa.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditQueryTest {
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path root;
    Path dir;

    @BeforeEach
    void fiveRecordsAndABounce() throws Exception {
        dir = root.resolve("audit");
        try (AuditLog log = AuditLog.open(dir, 30, CLOCK)) {
            for (int i = 1; i <= 5; i++) {
                log.append(i % 2 == 0 ? AuditRecords.mx(NOW.plusSeconds(i), "m" + i) : AuditRecords.submission(NOW.plusSeconds(i), "m" + i))
                    .get(10, TimeUnit.SECONDS);
            }
            log.append(AuditRecords.bounce(NOW.plusSeconds(6), "dsn1", "trace-m1")).get(10, TimeUnit.SECONDS);
        }
    }

    private static AuditQuery.Filter filter(Optional<String> trace, Optional<String> ip, Optional<Instant> since, Optional<Instant> until) {
        return new AuditQuery.Filter(Optional.empty(), trace, Optional.empty(), ip, since, until);
    }

    @Test
    void findCombinesCriteriaAndNeverReturnsTheChainsOwnRecords() throws Exception {
        assertThat(AuditQuery.find(dir, filter(Optional.empty(), Optional.of("127.0.0.9"), Optional.of(NOW.plusSeconds(3)),
            Optional.empty()))).extracting(r -> r.path("messageId").asText()).containsExactly("<m4>");
        assertThat(AuditQuery.find(dir, AuditQuery.Filter.any())).as("the open line is not a message").hasSize(6);
    }

    @Test
    void untilIsExclusive() throws Exception {
        assertThat(AuditQuery.find(dir, filter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(NOW.plusSeconds(3)))))
            .hasSize(2);
    }

    @Test
    void aTraceIdFindsTheMessageAndTheBounceAboutIt() throws Exception {
        assertThat(AuditQuery.find(dir, filter(Optional.of("trace-m1"), Optional.empty(), Optional.empty(), Optional.empty())))
            .extracting(r -> r.path("origin").asText() + " " + r.path("messageId").asText())
            .containsExactly("submission <m1>", "bounce <dsn1>");
    }

    @Test
    void timesAreRfc3339DaysOrAges() {
        assertThat(AuditQuery.time("2026-11-25T08:00:00Z", AuditQuery.Bound.SINCE, CLOCK)).isEqualTo("2026-11-25T08:00:00Z");
        assertThat(AuditQuery.time("2026-11-25T09:00:00+01:00", AuditQuery.Bound.SINCE, CLOCK)).isEqualTo("2026-11-25T08:00:00Z");
        assertThat(AuditQuery.time("2026-11-25", AuditQuery.Bound.SINCE, CLOCK)).isEqualTo("2026-11-25T00:00:00Z");
        assertThat(AuditQuery.time("2026-11-25", AuditQuery.Bound.UNTIL, CLOCK)).as("the whole day").isEqualTo("2026-11-26T00:00:00Z");
        assertThat(AuditQuery.time("7d", AuditQuery.Bound.SINCE, CLOCK)).isEqualTo("2026-11-17T10:00:00Z");
        assertThat(AuditQuery.time("12h", AuditQuery.Bound.SINCE, CLOCK)).isEqualTo("2026-11-23T22:00:00Z");
        assertThat(AuditQuery.time("30m", AuditQuery.Bound.UNTIL, CLOCK)).isEqualTo("2026-11-24T09:30:00Z");
        assertThat(AuditQuery.time("2w", AuditQuery.Bound.SINCE, CLOCK)).isEqualTo("2026-11-10T10:00:00Z");
        assertThatThrownBy(() -> AuditQuery.time("yesterday", AuditQuery.Bound.SINCE, CLOCK))
            .hasMessage("'yesterday' is not a time: write 2026-11-25T08:00:00Z, 2026-11-25 (a UTC day), or an age such as 30m, 12h, 7d, 2w");
    }
}
