package org.jamesmsa.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;

import javax.persistence.EntityManagerFactory;

import org.apache.james.core.Username;
import org.jamesmsa.contracts.StoreChanges;
import org.jamesmsa.contracts.Suspensions.Suspension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JpaSuspensionsTest {
    private static final Username ALICE = Username.of("alice@msa.test");

    @Test
    void aSuspensionMadeOnOneNodeHoldsOnTheOtherWhenAnnouncedAndResumingToo(@TempDir Path folder) throws Exception {
        EntityManagerFactory database = JpaTestDatabase.open(folder);
        StoreChanges channel = new StoreChanges();
        try (JpaSuspensions node1 = new JpaSuspensions(database, channel); JpaSuspensions node2 = new JpaSuspensions(database, channel)) {
            Suspension suspension = new Suspension(ALICE, Instant.parse("2026-12-03T09:30:00Z"), "jdoe", "stolen password");
            node1.suspend(suspension);

            JpaUserQuotasTest.awaitUntil(() -> node2.of(ALICE).isPresent());
            assertThat(node2.of(ALICE)).contains(suspension);
            assertThat(node2.resume(ALICE)).isTrue();
            JpaUserQuotasTest.awaitUntil(() -> node1.of(ALICE).isEmpty());
            assertThat(node1.resume(ALICE)).isFalse();
        } finally {
            database.close();
        }
    }

    @Test
    void withoutAnnouncementsAnotherNodeLearnsOfASuspensionByItsOwnRereadWithinTwoSeconds(@TempDir Path folder) throws Exception {
        EntityManagerFactory database = JpaTestDatabase.open(folder);
        // Two channels: nothing said on one is heard on the other, as two nodes without Redis.
        try (JpaSuspensions node1 = new JpaSuspensions(database, new StoreChanges());
             JpaSuspensions node2 = new JpaSuspensions(database, new StoreChanges())) {
            node1.suspend(new Suspension(ALICE, Instant.now(), "jdoe", ""));

            assertThat(node2.of(ALICE)).as("not heard").isEmpty();
            JpaUserQuotasTest.awaitUntil(() -> node2.of(ALICE).isPresent(), 150);
        } finally {
            database.close();
        }
    }
}
