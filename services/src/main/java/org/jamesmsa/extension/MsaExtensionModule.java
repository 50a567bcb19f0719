package org.jamesmsa.extension;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.utils.PropertiesProvider;
import org.jamesmsa.audit.AuditLog;
import org.jamesmsa.contracts.MsaMetrics;
import org.jamesmsa.contracts.StoreChanges;
import org.jamesmsa.audit.AuditStore;
import org.jamesmsa.csv.DnsCache;
import org.jamesmsa.mailets.SharedDkimKeys;
import org.jamesmsa.csv.DnsClient;
import org.jamesmsa.csv.DnsLookup;
import org.jamesmsa.smtp.SessionTimers;
import org.jamesmsa.smtp.limits.MemoryRateLimiter;
import org.jamesmsa.smtp.limits.LocalOpenConnections;
import org.jamesmsa.smtp.limits.OpenConnections;
import org.jamesmsa.smtp.limits.RateLimiter;
import org.jamesmsa.smtp.limits.RedisRateLimiter;
import org.jamesmsa.smtp.limits.SendingLimit;
import org.jamesmsa.smtp.limits.EditableUserQuotas;
import org.jamesmsa.contracts.Suspensions;
import org.jamesmsa.smtp.limits.UserQuotas;
import org.jamesmsa.smtp.submission.VerifiedCredentials;
import org.jamesmsa.smtp.submission.sasl.BearerTokenMechanism;
import org.jamesmsa.smtp.submission.sasl.BearerTokens;
import org.jamesmsa.smtp.submission.sasl.ClientCertificates;
import org.jamesmsa.smtp.submission.sasl.ExternalMechanism;
import org.jamesmsa.smtp.submission.sasl.LoginMechanism;
import org.jamesmsa.smtp.submission.sasl.PlainMechanism;
import org.jamesmsa.smtp.submission.sasl.SaslMechanism;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * The bundle's shared services, one instance each for every listener and mailet, behind small interfaces:
 * <ul>
 *   <li>{@link AuditStore}: where audit records go ({@link AuditLog}, a folder of daily files);</li>
 *   <li>{@link DnsLookup}: the resolvers of EHLO validation, with one cache ({@link DnsClient});</li>
 *   <li>the {@link SaslMechanism} registry of the AUTH handler: PLAIN, LOGIN, OAUTHBEARER, XOAUTH2, EXTERNAL;</li>
 *   <li>{@link RateLimiter}: the counters of the abuse limits, in this process or in Redis
 *   ({@link MemoryRateLimiter}, {@link RedisRateLimiter}), {@link UserQuotas}, {@link Suspensions} and the
 *   {@link SendingLimit} set;</li>
 *   <li>{@link SessionTimers}: the one timer thread of delayed replies and deadlines.</li>
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
    private static final Duration REDIS_TIMEOUT = Duration.ofMillis(500);

    @Override
    protected void configure() {
        Multibinder<SaslMechanism> mechanisms = Multibinder.newSetBinder(binder(), SaslMechanism.class);
        mechanisms.addBinding().to(PlainMechanism.class);
        mechanisms.addBinding().to(LoginMechanism.class);
        mechanisms.addBinding().to(ExternalMechanism.class);
        Multibinder.newSetBinder(binder(), SendingLimit.class);
        bind(SessionTimers.class).in(Scopes.SINGLETON);
        // One AUTH cache for every submission listener, so that webadmin's PasswordChanges reaches all of them.
        bind(VerifiedCredentials.class).in(Scopes.SINGLETON);
        bind(ServicesCloser.class).asEagerSingleton();
        bind(AuditProbe.class).asEagerSingleton();
        // Unset: each node keeps its DKIM keys in its folder. The packaged server sets it on a shared PostgreSQL.
        OptionalBinder.newOptionalBinder(binder(), SharedDkimKeys.class);
    }

    @Provides
    @Singleton
    RateLimiter rateLimiter(ServiceSettings settings, MsaMetrics metrics) {
        return settings.redis()
            .map(redis -> RedisServices.rateLimiter(redis, REDIS_TIMEOUT, metrics))
            .orElseGet(() -> new MemoryRateLimiter(Clock.systemUTC()));
    }

    /** With Redis, a client's connections are counted across the nodes; without, in each node. */
    @Provides
    @Singleton
    OpenConnections openConnections(ServiceSettings settings, MsaMetrics metrics) {
        return settings.redis()
            .map(redis -> RedisServices.openConnections(redis, REDIS_TIMEOUT, metrics))
            .orElseGet(LocalOpenConnections::new);
    }

    /** With Redis, every node hears of a changed account or alias; without, this node alone (the caches' TTL for others). */
    @Provides
    @Singleton
    StoreChanges storeChanges(ServiceSettings settings, VerifiedCredentials credentials) {
        StoreChanges changes = settings.redis().map(redis -> RedisServices.storeChanges(redis)).orElseGet(StoreChanges::new);
        changes.onChange(StoreChanges.USERS, credentials::forget);
        return changes;
    }

    @Provides
    @Singleton
    UserLimitsFile userLimitsFile(ServiceSettings settings) {
        return UserLimitsFile.open(settings.userLimitsFile());
    }

    @Provides
    @Singleton
    EditableUserQuotas userQuotas(UserLimitsFile file) {
        return file;
    }

    @Provides
    @Singleton
    UserQuotas enforcedUserQuotas(EditableUserQuotas quotas) {
        return quotas;
    }

    /** A file on one node; the shared database's table on several (the packaged server's SharedStoresModule). */
    @Provides
    @Singleton
    SuspensionsFile suspensionsFile(ServiceSettings settings) {
        return SuspensionsFile.open(settings.suspensionsFile());
    }

    @Provides
    @Singleton
    Suspensions suspensions(SuspensionsFile file) {
        return file;
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
        AuditLog.Options options = new AuditLog.Options(directory).retentionDays(settings.auditRetentionDays())
            .anchors(settings.anchorDirectory(), settings.anchorInterval());
        settings.anchorKey().ifPresent(options::anchorKey);
        try {
            return AuditLog.open(options);
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
     * Closes the shared services when James stops: the audit store writes what is queued first. Created first, this
     * is disposed of after the spooler and the listeners, which use them.
     */
    @Singleton
    static class ServicesCloser {
        private final AuditStore store;
        private final SessionTimers timers;
        private final RateLimiter counters;
        private final StoreChanges changes;
        private final OpenConnections connections;
        private final EditableUserQuotas quotas;
        private final Suspensions suspensions;

        @Inject
        ServicesCloser(AuditStore store, SessionTimers timers, RateLimiter counters, StoreChanges changes,
                       OpenConnections connections, EditableUserQuotas quotas, Suspensions suspensions) {
            this.store = store;
            this.timers = timers;
            this.counters = counters;
            this.changes = changes;
            this.connections = connections;
            this.quotas = quotas;
            this.suspensions = suspensions;
        }

        @PreDestroy
        public void close() throws Exception {
            store.close();
            timers.close();
            if (counters instanceof AutoCloseable) {
                ((AutoCloseable) counters).close();
            }
            // The shared stores' copies are reread by a timer of their own, which must not outlive the server.
            for (Object service : new Object[] {changes, connections, quotas, suspensions}) {
                if (service instanceof AutoCloseable) {
                    ((AutoCloseable) service).close();
                }
            }
        }
    }
}
