package org.jamesmsa.server;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.CoreDataModule;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.jpa.JPADomainList;
import org.apache.james.domainlist.lib.DomainListConfiguration;
import org.apache.james.mailrepository.api.MailRepositoryFactory;
import org.apache.james.mailrepository.api.MailRepositoryUrlStore;
import org.apache.james.mailrepository.api.Protocol;
import org.apache.james.mailrepository.jpa.JPAMailRepository;
import org.apache.james.mailrepository.jpa.JPAMailRepositoryFactory;
import org.apache.james.mailrepository.jpa.JPAMailRepositoryUrlStore;
import org.apache.james.mailrepository.memory.MailRepositoryStoreConfiguration;
import org.apache.james.rrt.api.AliasReverseResolver;
import org.apache.james.rrt.api.CanSendFrom;
import org.apache.james.rrt.api.RecipientRewriteTable;
import org.apache.james.rrt.jpa.JPARecipientRewriteTable;
import org.apache.james.rrt.lib.AliasReverseResolverImpl;
import org.apache.james.rrt.lib.CanSendFromImpl;
import org.apache.james.server.core.configuration.ConfigurationProvider;
import org.apache.james.sieve.jpa.JPASieveRepository;
import org.apache.james.sieverepository.api.SieveQuotaRepository;
import org.apache.james.sieverepository.api.SieveRepository;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.jpa.JPAUsersRepository;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.apache.james.utils.PropertiesProvider;

import com.google.common.collect.ImmutableList;
import org.jamesmsa.mailets.LocalDeliveries;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * Domains, users ({@link CachingUsersRepository}), the recipient rewrite table (aliases,
 * {@link CachingRecipientRewriteTable}), Sieve scripts and mail repositories in one JPA persistence
 * unit ({@code Global}, META-INF/persistence.xml), on the database of {@code conf/james-database.properties}:
 * embedded Derby under MSA_HOME in the packaged configuration. Every write is a committed database transaction,
 * so accounts and held messages survive a crash.
 */
public class JpaDataModule extends AbstractModule {
    static final String PERSISTENCE_UNIT = "Global";

    @Override
    protected void configure() {
        install(new CoreDataModule());

        bind(JPADomainList.class).in(Scopes.SINGLETON);
        bind(DomainList.class).to(JPADomainList.class);

        bind(CachingUsersRepository.class).in(Scopes.SINGLETON);
        bind(UsersRepository.class).to(CachingUsersRepository.class);
        // Whoever asks for James's own class gets the one configured instance, never a second, unconfigured one.
        bind(JPAUsersRepository.class).to(CachingUsersRepository.class);

        bind(CachingRecipientRewriteTable.class).in(Scopes.SINGLETON);
        bind(RecipientRewriteTable.class).to(CachingRecipientRewriteTable.class);
        bind(JPARecipientRewriteTable.class).to(CachingRecipientRewriteTable.class);
        bind(AliasReverseResolverImpl.class).in(Scopes.SINGLETON);
        bind(AliasReverseResolver.class).to(AliasReverseResolverImpl.class);
        bind(CanSendFromImpl.class).in(Scopes.SINGLETON);
        bind(CanSendFrom.class).to(CanSendFromImpl.class);

        bind(JpaLocalDeliveries.class).in(Scopes.SINGLETON);
        bind(LocalDeliveries.class).to(JpaLocalDeliveries.class);

        bind(JPASieveRepository.class).in(Scopes.SINGLETON);
        bind(SieveRepository.class).to(JPASieveRepository.class);
        bind(SieveQuotaRepository.class).to(JPASieveRepository.class);

        bind(JPAMailRepositoryUrlStore.class).in(Scopes.SINGLETON);
        bind(MailRepositoryUrlStore.class).to(JPAMailRepositoryUrlStore.class);
        bind(MailRepositoryStoreConfiguration.Item.class)
            .toProvider(() -> new MailRepositoryStoreConfiguration.Item(ImmutableList.of(new Protocol("jpa")),
                JPAMailRepository.class.getName(), new BaseHierarchicalConfiguration()));
        Multibinder.newSetBinder(binder(), MailRepositoryFactory.class).addBinding().to(JPAMailRepositoryFactory.class);
    }

    /**
     * {@code conf/james-database.properties}, with James's key names: {@code database.driverClassName},
     * {@code database.url}, optional {@code database.username} and {@code database.password}; every
     * {@code openjpa.*} key goes to OpenJPA as it is. A PostgreSQL URL gets a pool ({@link SharedDatabase}) and its
     * schema made by one node at a time.
     */
    @Provides
    @Singleton
    EntityManagerFactory entityManagerFactory(PropertiesProvider properties) throws Exception {
        Configuration database = properties.getConfiguration("james-database");
        String url = required(database, "database.url");
        Map<String, Object> jpa = new HashMap<>();
        for (Iterator<String> keys = database.getKeys("openjpa"); keys.hasNext(); ) {
            String key = keys.next();
            jpa.put(key, database.getString(key));
        }
        String username = database.getString("database.username", "");
        if (SharedDatabase.handles(url)) {
            SharedDatabase shared = new SharedDatabase(url, username, database.getString("database.password", ""),
                database.getInt("pool.maxTotal", SharedDatabase.DEFAULT_POOL_SIZE),
                database.getLong("pool.maxWaitMillis", SharedDatabase.DEFAULT_POOL_WAIT_MILLIS));
            return shared.entityManagerFactory(PERSISTENCE_UNIT, jpa);
        }
        jpa.put("openjpa.ConnectionDriverName", required(database, "database.driverClassName"));
        jpa.put("openjpa.ConnectionURL", url);
        if (!username.isBlank()) {
            jpa.put("openjpa.ConnectionUserName", username);
            jpa.put("openjpa.ConnectionPassword", database.getString("database.password", ""));
        }
        return Persistence.createEntityManagerFactory(PERSISTENCE_UNIT, jpa);
    }

    private static String required(Configuration database, String key) throws ConfigurationException {
        String value = database.getString(key, "");
        if (value.isBlank()) {
            throw new ConfigurationException("james-database.properties: " + key + " is missing");
        }
        return value;
    }

    @ProvidesIntoSet
    InitializationOperation configureDomainList(DomainListConfiguration configuration, JPADomainList domains) {
        return InitilizationOperationBuilder.forClass(JPADomainList.class).init(() -> domains.configure(configuration));
    }

    @ProvidesIntoSet
    InitializationOperation configureUsers(ConfigurationProvider configuration, CachingUsersRepository users) {
        return InitilizationOperationBuilder.forClass(CachingUsersRepository.class)
            .init(() -> users.configure(configuration.getConfiguration("usersrepository")));
    }

    @ProvidesIntoSet
    InitializationOperation configureRecipientRewriteTable(ConfigurationProvider configuration, CachingRecipientRewriteTable table) {
        return InitilizationOperationBuilder.forClass(CachingRecipientRewriteTable.class)
            .init(() -> table.configure(configuration.getConfiguration("recipientrewritetable")));
    }
}
