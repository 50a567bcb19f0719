package org.jamesmsa.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import javax.persistence.EntityManagerFactory;

import org.apache.james.core.Domain;
import org.apache.james.rrt.jpa.JPARecipientRewriteTable;
import org.apache.james.rrt.lib.Mapping;
import org.apache.james.rrt.lib.MappingSource;
import org.apache.james.rrt.lib.MappingsImpl;
import org.jamesmsa.settings.InvalidSettingException;
import org.jamesmsa.contracts.StoreChanges;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache over James's JPA table, on the server's own persistence unit and a real embedded Derby. A second, plain
 * James table on the same database plays another server writing behind this one's back.
 */
class CachingRecipientRewriteTableTest {
    private static final Domain DOMAIN = Domain.of("msa.test");
    private static final MappingSource ALIAS = MappingSource.fromUser("sales", DOMAIN);
    private static final Mapping TO_ALICE = Mapping.alias("alice@msa.test");

    @TempDir
    static Path home;
    private static EntityManagerFactory database;

    private final AtomicLong now = new AtomicLong();
    private CachingRecipientRewriteTable cached;
    private JPARecipientRewriteTable otherServer;

    @BeforeAll
    static void openDatabase() {
        database = JpaTestDatabase.open(home);
    }

    @AfterAll
    static void closeDatabase() {
        database.close();
    }

    @BeforeEach
    void tables() throws Exception {
        cached = configured(new CachingRecipientRewriteTable(new StoreChanges(), now::get), "10");
        otherServer = new JPARecipientRewriteTable();
        otherServer.setEntityManagerFactory(database);
        otherServer.configure(JpaTestDatabase.configuration());
        for (Mapping mapping : otherServer.getStoredMappings(ALIAS)) {
            otherServer.removeMapping(ALIAS, mapping);
        }
    }

    private static CachingRecipientRewriteTable configured(CachingRecipientRewriteTable table, String cacheSeconds) throws Exception {
        table.setEntityManagerFactory(database);
        table.configure(JpaTestDatabase.configuration(CachingRecipientRewriteTable.CACHE_SECONDS, cacheSeconds));
        return table;
    }

    @Test
    void aMappingAddedOrRemovedThroughTheTableAppliesAtOnceThoughItsAbsenceWasCached() throws Exception {
        assertThat(cached.getResolvedMappings("sales", DOMAIN)).isEqualTo(MappingsImpl.empty());

        cached.addMapping(ALIAS, TO_ALICE);
        assertThat(cached.getResolvedMappings("sales", DOMAIN).asStream()).extracting(Mapping::asString)
            .containsExactly("alias:alice@msa.test");

        cached.removeMapping(ALIAS, TO_ALICE);
        assertThat(cached.getResolvedMappings("sales", DOMAIN)).isEqualTo(MappingsImpl.empty());
    }

    @Test
    void aDomainMappingAppliesAtOnceToAnAddressWhoseOwnAnswerWasCached() throws Exception {
        MappingSource otherDomain = MappingSource.fromDomain(Domain.of("old.test"));
        assertThat(cached.getResolvedMappings("bob", Domain.of("old.test"))).isEqualTo(MappingsImpl.empty());

        cached.addMapping(otherDomain, Mapping.domainAlias(DOMAIN));
        try {
            assertThat(cached.getResolvedMappings("bob", Domain.of("old.test")).asStream()).extracting(Mapping::asString)
                .containsExactly("bob@msa.test");
        } finally {
            cached.removeMapping(otherDomain, Mapping.domainAlias(DOMAIN));
        }
    }

    @Test
    void aWriteByAnotherServerIsSeenOnceTheEntryExpires() throws Exception {
        assertThat(cached.getStoredMappings(ALIAS)).isEqualTo(MappingsImpl.empty());

        otherServer.addMapping(ALIAS, TO_ALICE);
        now.addAndGet(Duration.ofSeconds(9).toNanos());
        assertThat(cached.getStoredMappings(ALIAS)).as("answered from memory within the ten seconds").isEqualTo(MappingsImpl.empty());

        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(cached.getStoredMappings(ALIAS).asStream()).containsExactly(TO_ALICE);
    }

    @Test
    void zeroSecondsAsksTheDatabaseEveryTime() throws Exception {
        CachingRecipientRewriteTable uncached = configured(new CachingRecipientRewriteTable(new StoreChanges(), now::get), "0");
        assertThat(uncached.getStoredMappings(ALIAS)).isEqualTo(MappingsImpl.empty());

        otherServer.addMapping(ALIAS, TO_ALICE);
        assertThat(uncached.getStoredMappings(ALIAS).asStream()).containsExactly(TO_ALICE);
    }

    @Test
    void aMisspelledOrWrongSettingStopsTheServerNamingIt() {
        assertThatThrownBy(() -> new CachingRecipientRewriteTable(new StoreChanges()).configure(JpaTestDatabase.configuration("cacheSecond", "10")))
            .isInstanceOf(InvalidSettingException.class)
            .hasMessage("recipientrewritetable.xml: <cacheSecond> is not a setting of <recipientrewritetable>; "
                + "allowed names: cacheSeconds, mappingLimit, recursiveMapping");

        assertThatThrownBy(() -> configured(new CachingRecipientRewriteTable(new StoreChanges()), "-1"))
            .isInstanceOf(InvalidSettingException.class)
            .hasMessage("recipientrewritetable.xml: <cacheSeconds> of <recipientrewritetable> has value '-1'; "
                + "allowed values: a whole number, 0 to turn it off");
    }
}
