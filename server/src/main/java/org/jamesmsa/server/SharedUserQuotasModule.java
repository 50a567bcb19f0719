package org.jamesmsa.server;

import javax.inject.Provider;
import javax.inject.Singleton;
import javax.persistence.EntityManagerFactory;

import org.apache.james.utils.PropertiesProvider;
import org.jamesmsa.extension.UserLimitsFile;
import org.jamesmsa.model.StoreChanges;
import org.jamesmsa.smtp.limits.EditableUserQuotas;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

/**
 * Where the per-user sending limits live: in the file of {@code limits.userFile} on a single node (embedded Derby,
 * which only one process opens), and in the shared database when several nodes share PostgreSQL, so that a limit set
 * on one node holds on all. Overrides the file binding of the extension module.
 */
public class SharedUserQuotasModule extends AbstractModule {

    @Provides
    @Singleton
    EditableUserQuotas userQuotas(PropertiesProvider properties, Provider<EntityManagerFactory> database,
                                  StoreChanges changes, Provider<UserLimitsFile> file) throws Exception {
        String url = properties.getConfiguration("james-database").getString("database.url", "");
        return SharedDatabase.handles(url) ? new JpaUserQuotas(database.get(), changes) : file.get();
    }
}
