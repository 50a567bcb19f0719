package org.jamesmsa.server;

import java.time.Clock;

import javax.annotation.Nullable;
import javax.inject.Named;
import javax.inject.Provider;
import javax.inject.Singleton;
import javax.persistence.EntityManagerFactory;

import org.apache.james.utils.PropertiesProvider;
import org.jamesmsa.extension.SuspensionsFile;
import org.jamesmsa.extension.UserLimitsFile;
import org.jamesmsa.mailets.SharedDkimKeys;
import org.jamesmsa.contracts.StoreChanges;
import org.jamesmsa.smtp.limits.EditableUserQuotas;
import org.jamesmsa.contracts.Suspensions;

import com.google.inject.AbstractModule;
import com.google.inject.Key;
import com.google.inject.Provides;
import com.google.inject.multibindings.OptionalBinder;
import com.google.inject.name.Names;

/**
 * What the nodes keep in the database they share when it is PostgreSQL: the per-user sending limits and the suspended
 * accounts (else the files of {@code limits.userFile} and {@code limits.suspensionsFile}: embedded Derby is one
 * process's) and the DKIM keys (else each node's folder), so that a
 * limit set on one node holds on all and every node signs with the one published key. Overrides the extension
 * module's bindings.
 */
public class SharedStoresModule extends AbstractModule {
    private static final String IN_DATABASE = "in-database";

    @Override
    protected void configure() {
        OptionalBinder.newOptionalBinder(binder(), SharedDkimKeys.class).setBinding()
            .to(Key.get(SharedDkimKeys.class, Names.named(IN_DATABASE)));
    }

    @Provides
    @Singleton
    EditableUserQuotas userQuotas(PropertiesProvider properties, Provider<EntityManagerFactory> database,
                                  StoreChanges changes, Provider<UserLimitsFile> file) throws Exception {
        return shared(properties) ? new JpaUserQuotas(database.get(), changes) : file.get();
    }

    @Provides
    @Singleton
    Suspensions suspensions(PropertiesProvider properties, Provider<EntityManagerFactory> database,
                            StoreChanges changes, Provider<SuspensionsFile> file) throws Exception {
        return shared(properties) ? new JpaSuspensions(database.get(), changes) : file.get();
    }

    /** None (each node's folder) unless the database is shared. */
    @Provides
    @Singleton
    @Nullable
    @Named(IN_DATABASE)
    SharedDkimKeys dkimKeys(PropertiesProvider properties, Provider<EntityManagerFactory> database) throws Exception {
        return shared(properties) ? new DatabaseDkimKeys(database.get(), Clock.systemUTC()) : null;
    }

    private static boolean shared(PropertiesProvider properties) throws Exception {
        return SharedDatabase.handles(properties.getConfiguration("james-database").getString("database.url", ""));
    }
}
