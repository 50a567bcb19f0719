package org.jamesmsa.contracts;

import java.lang.reflect.Proxy;

import org.apache.james.core.Domain;
import org.apache.james.core.Username;
import org.apache.james.domainlist.lib.DomainListConfiguration;
import org.apache.james.domainlist.memory.MemoryDomainList;
import org.apache.james.rrt.api.CanSendFrom;
import org.apache.james.rrt.api.RecipientRewriteTableConfiguration;
import org.apache.james.rrt.lib.AliasReverseResolverImpl;
import org.apache.james.rrt.lib.CanSendFromImpl;
import org.apache.james.rrt.lib.MappingSource;
import org.apache.james.rrt.memory.MemoryRecipientRewriteTable;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.apache.james.user.memory.MemoryUsersRepository;

/**
 * Accounts for unit tests, in James's own in-memory users repository, domain list and recipient rewrite table:
 * alice and bob of {@value #DOMAIN}, alice's alias {@value #ALICE_ALIAS}, and the alias domain {@value #ALIAS_DOMAIN}.
 */
public final class TestAccounts {
    public static final String DOMAIN = "msa.test";
    public static final String ALIAS_DOMAIN = "alias.test";
    public static final Username ALICE = Username.of("alice@" + DOMAIN);
    public static final String ALICE_PASSWORD = "alice's secret";
    public static final String ALICE_ALIAS = "alice.smith@" + DOMAIN;
    public static final Username BOB = Username.of("bob@" + DOMAIN);
    public static final String BOB_PASSWORD = "bob's secret";

    public final MemoryDomainList domains;
    public final MemoryUsersRepository users;
    public final MemoryRecipientRewriteTable aliases;
    public final CanSendFrom canSendFrom;

    private TestAccounts(MemoryDomainList domains, MemoryUsersRepository users, MemoryRecipientRewriteTable aliases) {
        this.domains = domains;
        this.users = users;
        this.aliases = aliases;
        this.canSendFrom = new CanSendFromImpl(aliases, new AliasReverseResolverImpl(aliases));
    }

    public static TestAccounts create() throws Exception {
        MemoryDomainList domains = new MemoryDomainList(null);
        domains.configure(DomainListConfiguration.builder().autoDetect(false).autoDetectIp(false)
            .defaultDomain(Domain.of(DOMAIN)).build());
        domains.addDomain(Domain.of(ALIAS_DOMAIN));
        MemoryUsersRepository users = MemoryUsersRepository.withVirtualHosting(domains);
        users.addUser(ALICE, ALICE_PASSWORD);
        users.addUser(BOB, BOB_PASSWORD);
        MemoryRecipientRewriteTable aliases = new MemoryRecipientRewriteTable();
        aliases.setUsersRepository(users);
        aliases.setDomainList(domains);
        aliases.setConfiguration(RecipientRewriteTableConfiguration.DEFAULT_ENABLED);
        aliases.addAliasMapping(MappingSource.fromUser(Username.of(ALICE_ALIAS)), ALICE.asString());
        aliases.addDomainAliasMapping(MappingSource.fromDomain(Domain.of(ALIAS_DOMAIN)), Domain.of(DOMAIN));
        return new TestAccounts(domains, users, aliases);
    }

    /** A user store that cannot answer at all (an unreachable LDAP or database): every call fails. */
    public static UsersRepository unreachableStore() {
        return (UsersRepository) Proxy.newProxyInstance(UsersRepository.class.getClassLoader(), new Class<?>[] {UsersRepository.class},
            (proxy, method, args) -> {
                throw new UsersRepositoryException("connection refused by the user store");
            });
    }

    public SenderOwnership ownership() {
        return new SenderOwnership(users, canSendFrom);
    }
}
