package org.jamesmsa.extension;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.utils.PropertiesProvider;
import org.jamesmsa.audit.AuditLog;
import org.jamesmsa.audit.AuditStore;
import org.jamesmsa.csv.DnsCache;
import org.jamesmsa.csv.DnsClient;
import org.jamesmsa.csv.DnsLookup;
import org.jamesmsa.smtp.submission.sasl.ClientCertificates;
import org.jamesmsa.smtp.submission.sasl.ExternalMechanism;
import org.jamesmsa.smtp.submission.sasl.LoginMechanism;
import org.jamesmsa.smtp.submission.sasl.BearerTokenMechanism;
import org.jamesmsa.smtp.submission.sasl.BearerTokens;
import org.jamesmsa.smtp.submission.sasl.PlainMechanism;
import org.jamesmsa.smtp.submission.sasl.SaslMechanism;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * The bundle's shared services, one instance each for every listener and mailet, behind small interfaces:
 * <ul>
 *   <li>{@link AuditStore}: where audit records go ({@link AuditLog}, a folder of daily files);</li>
 *   <li>{@link DnsLookup}: the resolvers of EHLO validation, with one cache ({@link DnsClient});</li>
 *   <li>the {@link SaslMechanism} registry of the AUTH handler: PLAIN, LOGIN, OAUTHBEARER, XOAUTH2, EXTERNAL.</li>
 * </ul>
 * Hooks and mailets receive them by {@code @Inject}. Settings: {@code conf/james-msa.properties}
 * ({@link ServiceSettings}). On an existing James, name this module in {@code conf/extensions.properties}:
 * <pre>
 * guice.extension.module=org.jamesmsa.extension.MsaExtensionModule
 * </pre>
 * Another audit backend or DNS implementation is bound in place of these with {@code Modules.override}; another
 * mechanism joins the set with {@code Multibinder.newSetBinder(binder(), SaslMechanism.class).addBinding()}.
 */
public class MsaExtensionModule extends AbstractModule {

    @Override
    protected void configure() {
        Multibinder<SaslMechanism> mechanisms = Multibinder.newSetBinder(binder(), SaslMechanism.class);
        mechanisms.addBinding().to(PlainMechanism.class);
        mechanisms.addBinding().to(LoginMechanism.class);
        mechanisms.addBinding().to(ExternalMechanism.class);
        bind(AuditStoreCloser.class).asEagerSingleton();
    }

    @ProvidesIntoSet
    SaslMechanism oauthBearer(UsersRepository users, BearerTokens tokens) {
        return new BearerTokenMechanism(BearerTokenMechanism.Format.OAUTHBEARER, users, tokens);
    }

    @ProvidesIntoSet
    SaslMechanism xoauth2(UsersRepository users, BearerTokens tokens) {
        return new BearerTokenMechanism(BearerTokenMechanism.Format.XOAUTH2, users, tokens);
    }

    @Provides
    @Singleton
    ServiceSettings serviceSettings(PropertiesProvider properties, FileSystem fileSystem) throws ConfigurationException {
        return ServiceSettings.read(properties, fileSystem);
    }

    @Provides
    @Singleton
    AuditStore auditStore(ServiceSettings settings) {
        Path directory = settings.auditDirectory();
        try {
            return AuditLog.open(directory, settings.auditRetentionDays(), Clock.systemUTC());
        } catch (IOException e) {
            throw settings.auditDirectoryUnusable(directory, e);
        }
    }

    @Provides
    @Singleton
    DnsLookup dnsLookup(ServiceSettings settings) {
        return new DnsClient(settings.dnsServers(), settings.dnsQueryTimeout(),
            new DnsCache(settings.dnsCacheSize(), settings.dnsCacheMaxTtlSeconds(), Clock.systemUTC()));
    }

    @Provides
    @Singleton
    ClientCertificates clientCertificates(ServiceSettings settings) {
        return settings.clientCertificates();
    }

    /**
     * Writes what is queued and closes the audit store when James stops: created first, it is disposed of after the
     * spooler, whose mailets append to it.
     */
    @Singleton
    static class AuditStoreCloser {
        private final AuditStore store;

        @Inject
        AuditStoreCloser(AuditStore store) {
            this.store = store;
        }

        @PreDestroy
        public void close() {
            store.close();
        }
    }
}
