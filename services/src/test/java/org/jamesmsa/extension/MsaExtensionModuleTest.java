package org.jamesmsa.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.james.core.Username;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.metrics.api.NoopGaugeRegistry;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.RawMailQueueItemDecoratorFactory;
import org.apache.james.queue.memory.MemoryMailQueueFactory;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.utils.PropertiesProvider;
import org.jamesmsa.audit.AuditLog;
import org.jamesmsa.audit.AuditStore;
import org.jamesmsa.csv.DnsLookup;
import org.jamesmsa.contracts.TestAccounts;
import org.jamesmsa.settings.InvalidSettingException;
import org.jamesmsa.smtp.limits.MemoryRateLimiter;
import org.jamesmsa.smtp.limits.RateLimiter;
import org.jamesmsa.smtp.limits.RedisRateLimiter;
import org.jamesmsa.smtp.limits.UserQuotas;
import org.jamesmsa.smtp.submission.sasl.SaslMechanism;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;

/** The module in a Guice injector with James's own configuration loading, as James installs it. */
class MsaExtensionModuleTest {
    @TempDir
    Path working;

    private Injector injector(String properties) throws Exception {
        TestServiceSettings conf = new TestServiceSettings(working, properties);
        UsersRepository users = TestAccounts.create().users;
        return Guice.createInjector(new MsaExtensionModule(), binder -> {
            binder.bind(FileSystem.class).toInstance(conf.fileSystem);
            binder.bind(PropertiesProvider.class).toInstance(conf.properties);
            binder.bind(UsersRepository.class).toProvider(() -> users);
            binder.bind(MetricFactory.class).toInstance(new RecordingMetricFactory());
            binder.bind(GaugeRegistry.class).toInstance(new NoopGaugeRegistry());
            binder.bind(MailRepositoryStore.class).toInstance(new OneRepositoryStore());
            binder.bind(new TypeLiteral<MailQueueFactory<?>>() { })
                .toInstance(new MemoryMailQueueFactory(new RawMailQueueItemDecoratorFactory()));
        });
    }

    @Test
    void everyServiceIsOneInstanceForEveryoneWhoAsks() throws Exception {
        Injector injector = injector("audit.directory=" + working.resolve("records") + "\n");

        assertThat(injector.getInstance(AuditStore.class)).isSameAs(injector.getInstance(AuditStore.class)).isInstanceOf(AuditLog.class);
        assertThat(injector.getInstance(DnsLookup.class)).isSameAs(injector.getInstance(DnsLookup.class));
        assertThat(injector.getInstance(AuditStore.class).location()).isEqualTo(working.resolve("records").toString());
        assertThat(injector.getInstance(ServiceSettings.class).anchorDirectory()).as("anchors beside the records")
            .isEqualTo(working.resolve("records-anchors"));
        injector.getInstance(AuditStore.class).close();
    }

    @Test
    void theRegistryHoldsTheFiveMechanisms() throws Exception {
        Set<SaslMechanism> mechanisms = injector(null).getInstance(Key.get(new TypeLiteral<Set<SaslMechanism>>() { }));

        assertThat(mechanisms.stream().map(SaslMechanism::name).collect(Collectors.toSet()))
            .containsExactlyInAnyOrder("PLAIN", "LOGIN", "OAUTHBEARER", "XOAUTH2", "EXTERNAL");
    }

    @Test
    void withoutTheFileTheAuditFolderIsUnderTheWorkingDirectory() throws Exception {
        Injector injector = injector(null);

        assertThat(Path.of(injector.getInstance(AuditStore.class).location())).isEqualTo(working.resolve("var/audit"));
        injector.getInstance(AuditStore.class).close();
    }

    @Test
    void systemPropertiesAreInterpolatedAndListsKeepEveryEntry() throws Exception {
        System.setProperty("msa.test.audit", working.resolve("interpolated").toString());
        try {
            Injector injector = injector("audit.directory=${sys:msa.test.audit}\ndns.servers=127.0.0.1:5353, 127.0.0.2:5353\n");
            ServiceSettings settings = injector.getInstance(ServiceSettings.class);

            assertThat(settings.auditDirectory()).isEqualTo(working.resolve("interpolated"));
            assertThat(settings.dnsServers()).containsExactly(new InetSocketAddress("127.0.0.1", 5353), new InetSocketAddress("127.0.0.2", 5353));
        } finally {
            System.clearProperty("msa.test.audit");
        }
    }

    @Test
    void aMisspelledKeyIsRefusedNamingTheAllowedOnes() throws Exception {
        assertThatThrownBy(() -> injector("audit.retention=30\n").getInstance(ServiceSettings.class))
            .hasRootCauseInstanceOf(InvalidSettingException.class)
            .rootCause().hasMessageStartingWith("james-msa.properties: audit.retention is not a setting of james-msa.properties; allowed names: audit.anchorDirectory, audit.anchorInterval, audit.anchorKey, audit.directory");
    }

    @Test
    void aRetentionShorterThanTheWeekOfRfc5068IsRefused() throws Exception {
        assertThatThrownBy(() -> injector("audit.retentionDays=6\n").getInstance(ServiceSettings.class).auditRetentionDays())
            .hasRootCauseInstanceOf(InvalidSettingException.class)
            .rootCause().hasMessage("james-msa.properties: audit.retentionDays has value '6'; allowed values: a whole number, "
                + "at least 7 (RFC 5068 3.1: problems surface up to a week after submission)");
        assertThat(injector("audit.retentionDays=7\n").getInstance(ServiceSettings.class).auditRetentionDays()).isEqualTo(7);
    }

    @Test
    void theCountersAreInThisProcessUnlessARedisServerIsNamed() throws Exception {
        Injector local = injector(null);
        assertThat(local.getInstance(RateLimiter.class)).isInstanceOf(MemoryRateLimiter.class)
            .isSameAs(local.getInstance(RateLimiter.class));

        assertThat(injector("limits.redis=127.0.0.1:6390\n").getInstance(RateLimiter.class)).isInstanceOf(RedisRateLimiter.class);
        assertThat(injector("limits.redis=redis://[::1]:6390/1\n").getInstance(RateLimiter.class)).isInstanceOf(RedisRateLimiter.class);
        assertThatThrownBy(() -> injector("limits.redis=redis.internal\n").getInstance(RateLimiter.class))
            .rootCause().isInstanceOf(InvalidSettingException.class)
            .hasMessage("james-msa.properties: limits.redis has value 'redis.internal'; allowed values: "
                + "redis://[user:password@]host:port[/db], rediss://..., redis-sentinel://host:port[,host:port]/db#master, "
                + "host:port, or empty to keep the counters in this process");
    }

    @Test
    void userLimitsAreReadFromTheirFileAndABadLineNamesItself() throws Exception {
        Path file = working.resolve("limits/user-limits.properties");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "# the newsletter\nnews@msa.test = 2000, 20000\n");

        UserQuotas quotas = injector("limits.userFile=" + file + "\n").getInstance(UserQuotas.class);

        assertThat(quotas.of(Username.of("news@msa.test"))).contains(new UserQuotas.Quota(2000, 20000));
        assertThat(quotas.of(TestAccounts.ALICE)).isEmpty();
        assertThat(injector(null).getInstance(UserQuotas.class).of(TestAccounts.ALICE)).as("no file yet").isEmpty();
        Files.writeString(file, "news@msa.test = lots\n");
        assertThatThrownBy(() -> injector("limits.userFile=" + file + "\n").getInstance(UserQuotas.class))
            .rootCause().isInstanceOf(InvalidSettingException.class)
            .hasMessage(file + ": news@msa.test has value 'lots'; allowed values: messages per hour, "
                + "recipients per hour (whole numbers, 0 for no limit)");
    }
}
