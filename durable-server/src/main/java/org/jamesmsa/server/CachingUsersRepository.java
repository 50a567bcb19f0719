package org.jamesmsa.server;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

import javax.inject.Inject;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.james.core.Username;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.user.api.UsersRepositoryException;
import org.apache.james.user.api.model.User;
import org.apache.james.user.jpa.JPAUsersRepository;
import org.jamesmsa.contracts.StoreChanges;
import org.jamesmsa.settings.Settings;
import org.jamesmsa.settings.ValueType;

/**
 * James's JPA users with the stored account (name, salt, password hash) read at AUTH kept in memory: the OpenJPA
 * query cost more CPU than the password hash itself (12 % of the samples under submission load, against 4 % for
 * PBKDF2). The password is still verified against the stored hash at every AUTH; nothing but what the database holds
 * is kept, and the accounts read are never handed out, so no caller can change them. An AUTH the kept account refuses
 * is answered by James's own check against the database, so that a password just changed elsewhere is never refused.
 *
 * <p>Every write of James's users API (webadmin's user routes, the CLI) forgets every kept account: a password
 * changed or an account deleted on this server applies at once. {@code cacheSeconds} (usersrepository.xml,
 * MSA_USERS_CACHE_SECONDS) bounds how long an old password keeps working after a change made by another node on a
 * shared database.</p>
 */
public class CachingUsersRepository extends JPAUsersRepository {
    static final String CACHE_SECONDS = "cacheSeconds";
    /** Reading the account at AUTH cost more CPU than its password hash (12 % against 4 % of the samples). */
    public static final int DEFAULT_CACHE_SECONDS = 10;
    /** The elements James's JPA users read (JPAUsersDAO, UsersRepositoryImpl), and ours. */
    private static final List<String> ELEMENTS = List.of("algorithm", "enableVirtualHosting", "enableForwarding",
        "administratorId", "verifyFailureDelay", CACHE_SECONDS);

    private final RecentAnswers<Username, Optional<User>> accounts;

    private final StoreChanges changes;

    @Inject
    public CachingUsersRepository(DomainList domainList, StoreChanges changes) {
        this(domainList, changes, System::nanoTime);
    }

    /** With the time source of a test. */
    CachingUsersRepository(DomainList domainList, StoreChanges changes, LongSupplier nanoTime) {
        super(domainList);
        this.accounts = new RecentAnswers<>(nanoTime, Duration.ofSeconds(DEFAULT_CACHE_SECONDS));
        this.changes = changes;
        // Another node changed an account (through Redis): what is kept here may be its old password.
        changes.onChange(StoreChanges.USERS, user -> accounts.forgetAll());
    }

    @Override
    public void configure(HierarchicalConfiguration<ImmutableNode> configuration) throws ConfigurationException {
        Settings settings = Settings.ofXml(configuration, "usersrepository.xml", ELEMENTS);
        accounts.expireAfter(Duration.ofSeconds(settings.get(CACHE_SECONDS, ValueType.COUNT_OR_OFF, DEFAULT_CACHE_SECONDS)));
        super.configure(configuration);
    }

    @Override
    public boolean test(Username name, String password) throws UsersRepositoryException {
        Optional<User> account = accounts.get(name, usersDAO::getUserByName);
        return account.isPresent() && account.get().verifyPassword(password) || super.test(name, password);
    }

    @Override
    public void addUser(Username username, String password) throws UsersRepositoryException {
        accounts.write(() -> super.addUser(username, password));
        changes.announce(StoreChanges.USERS, username.asString());
    }

    @Override
    public void updateUser(User user) throws UsersRepositoryException {
        accounts.write(() -> super.updateUser(user));
        changes.announce(StoreChanges.USERS, user.getUserName().asString());
    }

    @Override
    public void removeUser(Username name) throws UsersRepositoryException {
        accounts.write(() -> super.removeUser(name));
        changes.announce(StoreChanges.USERS, name.asString());
    }
}
