package org.jamesmsa.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import javax.persistence.EntityManagerFactory;

import org.apache.james.core.Domain;
import org.apache.james.core.Username;
import org.apache.james.domainlist.jpa.JPADomainList;
import org.apache.james.domainlist.lib.DomainListConfiguration;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.model.User;
import org.apache.james.user.jpa.JPAUsersRepository;
import org.jamesmsa.settings.InvalidSettingException;
import org.jamesmsa.contracts.StoreChanges;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kept accounts over James's JPA users, on the server's own persistence unit and a real embedded Derby. A plain
 * James repository on the same database plays another server changing passwords behind this one's back.
 */
class CachingUsersRepositoryTest {
    private static final Username ALICE = Username.of("alice@msa.test");
    private static final String OLD = "old passphrase";
    private static final String NEW = "new passphrase";

    @TempDir
    static Path home;
    private static EntityManagerFactory database;
    private static JPADomainList domains;

    private final AtomicLong now = new AtomicLong();
    private CachingUsersRepository cached;
    private JPAUsersRepository otherServer;

    @BeforeAll
    static void openDatabase() throws Exception {
        database = JpaTestDatabase.open(home);
        domains = new JPADomainList(null, database);
        domains.configure(DomainListConfiguration.builder().autoDetect(false).autoDetectIp(false).build());
        domains.addDomain(Domain.of("msa.test"));
    }

    @AfterAll
    static void closeDatabase() {
        database.close();
    }

    @BeforeEach
    void repositories() throws Exception {
        cached = new CachingUsersRepository(domains, new StoreChanges(), now::get);
        configure(cached, "10");
        otherServer = new JPAUsersRepository(domains);
        otherServer.setEntityManagerFactory(database);
        otherServer.configure(JpaTestDatabase.configuration("algorithm", "PBKDF2-SHA512", "enableVirtualHosting", "true"));
        if (otherServer.contains(ALICE)) {
            otherServer.removeUser(ALICE);
        }
        otherServer.addUser(ALICE, OLD);
    }

    private static void configure(CachingUsersRepository repository, String cacheSeconds) throws Exception {
        repository.setEntityManagerFactory(database);
        repository.configure(JpaTestDatabase.configuration("algorithm", "PBKDF2-SHA512", "enableVirtualHosting", "true",
            CachingUsersRepository.CACHE_SECONDS, cacheSeconds));
    }

    private static void changePassword(UsersRepository repository, String password) throws Exception {
        User user = repository.getUserByName(ALICE);
        user.setPassword(password);
        repository.updateUser(user);
    }

    @Test
    void aPasswordChangedThroughTheRepositoryAppliesAtOnceThoughTheAccountWasKept() throws Exception {
        assertThat(cached.test(ALICE, OLD)).isTrue();

        changePassword(cached, NEW);

        assertThat(cached.test(ALICE, OLD)).as("the old password").isFalse();
        assertThat(cached.test(ALICE, NEW)).isTrue();
    }

    @Test
    void aRemovedAccountLogsInNoMore() throws Exception {
        assertThat(cached.test(ALICE, OLD)).isTrue();

        cached.removeUser(ALICE);

        assertThat(cached.test(ALICE, OLD)).isFalse();
    }

    @Test
    void theWrongPasswordIsRefusedEvenWhenTheAccountIsKept() throws Exception {
        assertThat(cached.test(ALICE, OLD)).isTrue();

        assertThat(cached.test(ALICE, "a guess")).isFalse();
    }

    @Test
    void aPasswordChangedByAnotherServerWorksAtOnceAndTheOldOneStopsWhenTheAccountExpires() throws Exception {
        assertThat(cached.test(ALICE, OLD)).isTrue();

        changePassword(otherServer, NEW);
        assertThat(cached.test(ALICE, NEW)).as("never refused for an old copy").isTrue();
        now.addAndGet(Duration.ofSeconds(9).toNanos());
        assertThat(cached.test(ALICE, OLD)).as("the kept account, within the ten seconds").isTrue();

        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(cached.test(ALICE, OLD)).isFalse();
    }

    /** Two nodes hearing each other's changes (through Redis in production, RedisStoreChangesTest). */
    @Test
    void aPasswordChangedOnAnotherNodeThatAnnouncesItStopsTheOldOneAtOnce() throws Exception {
        StoreChanges channel = new StoreChanges();
        CachingUsersRepository node1 = new CachingUsersRepository(domains, channel, now::get);
        CachingUsersRepository node2 = new CachingUsersRepository(domains, channel, now::get);
        configure(node1, "10");
        configure(node2, "10");
        assertThat(node1.test(ALICE, OLD)).isTrue();

        changePassword(node2, NEW);

        assertThat(node1.test(ALICE, OLD)).as("forgotten on the announcement, not after ten seconds").isFalse();
        assertThat(node1.test(ALICE, NEW)).isTrue();
    }

    @Test
    void zeroSecondsReadsTheAccountAtEveryAuth() throws Exception {
        CachingUsersRepository uncached = new CachingUsersRepository(domains, new StoreChanges(), now::get);
        configure(uncached, "0");
        assertThat(uncached.test(ALICE, OLD)).isTrue();

        changePassword(otherServer, NEW);

        assertThat(uncached.test(ALICE, OLD)).isFalse();
    }

    @Test
    void aMisspelledElementStopsTheServerNamingIt() {
        assertThatThrownBy(() -> new CachingUsersRepository(domains, new StoreChanges()).configure(JpaTestDatabase.configuration("algoritm", "PBKDF2")))
            .isInstanceOf(InvalidSettingException.class)
            .hasMessage("usersrepository.xml: <algoritm> is not a setting of <usersrepository>; allowed names: "
                + "administratorId, algorithm, cacheSeconds, enableForwarding, enableVirtualHosting, verifyFailureDelay");
    }
}
