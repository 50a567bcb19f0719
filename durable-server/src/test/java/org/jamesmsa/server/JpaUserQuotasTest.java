package org.jamesmsa.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import javax.persistence.EntityManagerFactory;

import org.apache.james.core.Username;
import org.jamesmsa.contracts.StoreChanges;
import org.jamesmsa.smtp.limits.UserQuotas.Quota;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JpaUserQuotasTest {
    private static final Username NEWS = Username.of("news@msa.test");
    private static final Username ALICE = Username.of("alice@msa.test");

    @Test
    void aLimitSetThroughOneNodeHoldsOnTheOtherAtOnce(@TempDir Path folder) throws Exception {
        EntityManagerFactory database = JpaTestDatabase.open(folder);
        StoreChanges channel = new StoreChanges();
        try (JpaUserQuotas node1 = new JpaUserQuotas(database, channel); JpaUserQuotas node2 = new JpaUserQuotas(database, channel)) {
            node1.set(NEWS, new Quota(2000, 20000));
            node1.set(ALICE, new Quota(5, 50));
            node1.set(ALICE, new Quota(6, 60));

            awaitUntil(() -> node2.of(ALICE).isPresent() && node2.of(ALICE).get().equals(new Quota(6, 60)));
            assertThat(node2.of(NEWS)).contains(new Quota(2000, 20000));
            assertThat(node2.all().keySet()).extracting(Username::asString).containsExactly("alice@msa.test", "news@msa.test");

            assertThat(node2.remove(NEWS)).isTrue();
            assertThat(node2.remove(NEWS)).as("already gone").isFalse();
            awaitUntil(() -> node1.of(NEWS).isEmpty());
        } finally {
            database.close();
        }
    }

    /** The other node rereads on its own background thread when told. */
    static void awaitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        awaitUntil(condition, 100);
    }

    static void awaitUntil(java.util.function.BooleanSupplier condition, int tries) throws InterruptedException {
        for (int i = 0; i < tries && !condition.getAsBoolean(); i++) {
            Thread.sleep(20);
        }
        assertThat(condition.getAsBoolean()).as("within " + tries * 20 + " ms").isTrue();
    }
}
