package org.jamesmsa.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jamesmsa.settings.InvalidSettingException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MsaSettingsTest {

    @TempDir
    Path home;

    private Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("MSA_HOME", home.toString());
        env.put("MSA_HOSTNAME", "mail.example.org");
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void defaultsAreTheStandardPortsAndNoSmarthost() throws InvalidSettingException {
        MsaSettings settings = MsaSettings.fromEnvironment(env());

        assertThat(settings.smtpPort()).isEqualTo(25);
        assertThat(settings.submissionPort()).isEqualTo(587);
        assertThat(settings.submissionsPort()).isEqualTo(465);
        assertThat(settings.webadminPort()).isEqualTo(8000);
        assertThat(settings.imapPort()).isEqualTo(143);
        assertThat(settings.imapsPort()).isEqualTo(993);
        assertThat(settings.smarthost()).isEmpty();
        assertThat(settings.domain()).isEqualTo("localhost");
    }

    @Test
    void everyVariableIsRead() throws InvalidSettingException {
        MsaSettings settings = MsaSettings.fromEnvironment(env("MSA_DOMAIN", "example.org", "MSA_SMTP_PORT", "2525",
            "MSA_SUBMISSION_PORT", "5587", "MSA_SUBMISSIONS_PORT", "5465", "MSA_WEBADMIN_PORT", "18000",
            "MSA_SMARTHOST", "relay.example.net:587", "MSA_BIND_ADDRESS", "127.0.0.1", "MSA_IMAP_PORT", "1143",
            "MSA_IMAPS_PORT", "1993"));

        assertThat(settings).isEqualTo(new MsaSettings("example.org", "mail.example.org", "postmaster@example.org", "127.0.0.1", 2525, 5587, 5465, 18000, 1143, 1993,
            Optional.of("relay.example.net:587"), home, Optional.empty(), Optional.empty(), "", "accept", home.resolve("audit"),
            "127.0.0.1", Optional.empty(), Optional.empty(), home.resolve("audit-anchors"), Optional.empty(), Optional.empty(),
            Optional.empty(), "required", Optional.empty(), 0, MsaSettings.DEFAULT_DOMAIN_CACHE_SECONDS,
            MsaSettings.DEFAULT_RRT_CACHE_SECONDS, MsaSettings.DEFAULT_USERS_CACHE_SECONDS, false,
            new MsaSettings.Database("jdbc:derby:" + home.toAbsolutePath().resolve("var/store/derby") + ";create=true",
                Optional.empty(), Optional.empty()), Optional.empty(), 20, 50, Optional.empty(), "mail.example.org"));
    }

    @Test
    void redisAndWebadminExposureAreReadAndThePasswordIsNeverShown() throws InvalidSettingException {
        MsaSettings settings = MsaSettings.fromEnvironment(env("MSA_REDIS", "redis.internal:6379", "MSA_WEBADMIN_BIND", "0.0.0.0",
            "MSA_WEBADMIN_PASSWORD", "a long admin password"));
        TlsMaterial tls = new TlsMaterial(Path.of("/tls/cert.pem"), Path.of("/tls/key.pem"), true);

        assertThat(settings.systemProperties(tls)).containsEntry("msa.redis", "redis.internal:6379")
            .containsEntry("msa.webadmin.host", "0.0.0.0").containsEntry("msa.webadmin.password", "a long admin password");
        assertThat(settings.toString()).doesNotContain("a long admin password");
        assertThatThrownBy(() -> settings.refuseAnOpenWebadmin(false, false)).isInstanceOf(InvalidSettingException.class);
        settings.refuseAnOpenWebadmin(false, true);
        assertThat(MsaSettings.fromEnvironment(env()).systemProperties(tls)).containsEntry("msa.redis", "")
            .containsEntry("msa.webadmin.host", "127.0.0.1").containsEntry("msa.webadmin.password", "");
    }

    @Test
    void webadminBeyondLoopbackNeedsAPasswordOrJwt() throws InvalidSettingException {
        MsaSettings open = MsaSettings.fromEnvironment(env("MSA_WEBADMIN_BIND", "0.0.0.0"));

        assertThatThrownBy(() -> open.refuseAnOpenWebadmin(false, true)).isInstanceOf(InvalidSettingException.class)
            .hasMessage("MSA_WEBADMIN_BIND='0.0.0.0' exposes webadmin, which creates accounts, beyond this host: "
                + "set MSA_WEBADMIN_PASSWORD (or enable JWT in webadmin.properties), or keep 127.0.0.1");
        open.refuseAnOpenWebadmin(true, true);
        MsaSettings.fromEnvironment(env("MSA_WEBADMIN_BIND", "::1")).refuseAnOpenWebadmin(false, false);
        assertThatThrownBy(() -> MsaSettings.fromEnvironment(env("MSA_WEBADMIN_PASSWORD", "short")))
            .hasMessage("MSA_WEBADMIN_PASSWORD has fewer than 12 characters: webadmin creates accounts, give it a long password");
        assertThatThrownBy(() -> MsaSettings.fromEnvironment(env("MSA_REDIS", "redis.internal")))
            .hasMessage("MSA_REDIS='redis.internal' is not a Redis URI (examples: redis://redis.internal:6379, "
                + "rediss://msa:password@redis.internal:6380/0, redis-sentinel://s1:26379,s2:26379/0#mymaster)");
        assertThat(MsaSettings.fromEnvironment(env("MSA_REDIS", "rediss://msa:pw@redis.internal:6380/1")).systemProperties(
            new TlsMaterial(Path.of("/tls/cert.pem"), Path.of("/tls/key.pem"), true))).containsEntry("msa.redis", "rediss://msa:pw@redis.internal:6380/1");
        assertThatThrownBy(() -> MsaSettings.fromEnvironment(env("MSA_NODE_ID", "node 1")))
            .hasMessageStartingWith("MSA_NODE_ID='node 1'");
        assertThat(MsaSettings.fromEnvironment(env("MSA_NODE_ID", "msa-2")).nodeId()).isEqualTo("msa-2");
        assertThatThrownBy(() -> MsaSettings.fromEnvironment(env("MSA_BROKER_URL", "tcp://mq1:61616")))
            .hasMessageContaining("must be a failover URL");
        assertThat(MsaSettings.fromEnvironment(env("MSA_BROKER_URL", "failover:(tcp://mq1:61616,tcp://mq2:61616)?timeout=3000"))
            .brokerUrl()).contains("failover:(tcp://mq1:61616,tcp://mq2:61616)?timeout=3000");
    }

    @Test
    void systemPropertiesCarryEverySettingForConf() throws InvalidSettingException {
        MsaSettings settings = MsaSettings.fromEnvironment(env("MSA_DOMAIN", "example.org"));
        TlsMaterial tls = new TlsMaterial(Path.of("/tls/cert.pem"), Path.of("/tls/key.pem"), true);

        assertThat(settings.systemProperties(tls))
            .containsEntry("msa.domain", "example.org")
            .containsEntry("msa.home", home.toAbsolutePath().toString())
            .containsEntry("msa.smtp.port", "25")
            .containsEntry("msa.smarthost", "")
            .containsEntry("msa.tls.cert", "/tls/cert.pem")
            .containsEntry("msa.tls.key", "/tls/key.pem");
    }

    @Test
    void theStoreCachesReachConfAndRefuseANegativeTime() throws InvalidSettingException {
        TlsMaterial tls = new TlsMaterial(Path.of("/tls/cert.pem"), Path.of("/tls/key.pem"), true);

        assertThat(MsaSettings.fromEnvironment(env("MSA_RRT_CACHE_SECONDS", "0", "MSA_USERS_CACHE_SECONDS", "30")).systemProperties(tls))
            .containsEntry("msa.rrt.cache.seconds", "0").containsEntry("msa.users.cache.seconds", "30");
        assertThat(MsaSettings.fromEnvironment(env()).systemProperties(tls))
            .containsEntry("msa.rrt.cache.seconds", "10").containsEntry("msa.users.cache.seconds", "10");
        assertThatThrownBy(() -> MsaSettings.fromEnvironment(env("MSA_USERS_CACHE_SECONDS", "-5")))
            .isInstanceOf(InvalidSettingException.class).hasMessageStartingWith("MSA_USERS_CACHE_SECONDS='-5'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"MSA_SMTP_PORT", "MSA_SUBMISSION_PORT", "MSA_SUBMISSIONS_PORT", "MSA_IMAP_PORT", "MSA_IMAPS_PORT"})
    void badPortNamesTheVariable(String variable) {
        for (String bad : new String[] {"abc", "65536", "-1", "25x"}) {
            assertThatThrownBy(() -> MsaSettings.fromEnvironment(env(variable, bad)))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage(variable + "='" + bad + "'; allowed values: a TCP port (1 to 65535, or 0 to turn the listener off)");
        }
    }

    @Test
    void webadminCannotBeTurnedOff() {
        assertThatThrownBy(() -> MsaSettings.fromEnvironment(env("MSA_WEBADMIN_PORT", "0")))
            .hasMessage("MSA_WEBADMIN_PORT='0'; allowed values: a TCP port (1 to 65535)");
    }

    @Test
    void portZeroTurnsTheListenerOffWithoutBindingAnyPort() throws InvalidSettingException {
        MsaSettings settings = MsaSettings.fromEnvironment(env("MSA_IMAP_PORT", "0", "MSA_SMTP_PORT", "2525"));
        TlsMaterial tls = new TlsMaterial(Path.of("/tls/cert.pem"), Path.of("/tls/key.pem"), true);

        assertThat(settings.systemProperties(tls))
            .containsEntry("msa.imap.enabled", "false")
            .doesNotContainEntry("msa.imap.port", "0")
            .containsEntry("msa.imaps.enabled", "true")
            .containsEntry("msa.imaps.port", "993")
            .containsEntry("msa.smtp.enabled", "true")
            .containsEntry("msa.smtp.port", "2525");
    }

    @ParameterizedTest
    @ValueSource(strings = {"relay.example.net", "relay.example.net:0", "relay.example.net:99999", ":25", "a b:25", "host:port"})
    void badSmarthostIsRefused(String smarthost) {
        assertThatThrownBy(() -> MsaSettings.fromEnvironment(env("MSA_SMARTHOST", smarthost)))
            .hasMessageStartingWith("MSA_SMARTHOST='" + smarthost + "' must be host:port");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-bad.example", "under_score.example", "dot..example", "trailing-.example"})
    void badDomainIsRefused(String domain) {
        assertThatThrownBy(() -> MsaSettings.fromEnvironment(env("MSA_DOMAIN", domain)))
            .hasMessageStartingWith("MSA_DOMAIN='" + domain + "' is not a domain name");
    }

    @Test
    void dnsServersAndTheTempErrorActionReachConf() throws InvalidSettingException {
        MsaSettings settings = MsaSettings.fromEnvironment(env("MSA_DNS_SERVERS", "127.0.0.1:5353, [::1]:53",
            "MSA_CSV_ON_TEMPERROR", "TempFail"));
        TlsMaterial tls = new TlsMaterial(Path.of("/c.pem"), Path.of("/k.pem"), true);

        assertThat(settings.systemProperties(tls))
            .containsEntry("msa.dns.servers", "127.0.0.1:5353, [::1]:53")
            .containsEntry("msa.csv.onTempError", "tempfail");
    }

    @Test
    void theHostNameIsTheMachinesWhenFullyQualifiedAndAShortOneMustBeWrittenOut() {
        Map<String, String> withoutHostname = new HashMap<>(env());
        withoutHostname.remove("MSA_HOSTNAME");

        assertThat(MsaSettings.fromEnvironment(withoutHostname, () -> "Mail1.Example.ORG").hostname()).isEqualTo("mail1.example.org");
        assertThatThrownBy(() -> MsaSettings.fromEnvironment(withoutHostname, () -> "vm")).isInstanceOf(InvalidSettingException.class)
            .hasMessage("this machine's name 'vm' is not fully qualified: set MSA_HOSTNAME to the name clients and other servers "
                + "know this host by (example: mail.example.org)");
        assertThat(MsaSettings.fromEnvironment(env("MSA_HOSTNAME", "localhost"), () -> "vm").hostname()).as("written out").isEqualTo("localhost");
        assertThatThrownBy(() -> MsaSettings.fromEnvironment(env("MSA_HOSTNAME", "mail_1.example.org")))
            .hasMessage("MSA_HOSTNAME='mail_1.example.org' is not a host name (example: mail.example.org)");
    }

    @Test
    void aPasswordThatWouldCrossTheNetworkInClearStopsTheLauncherUnlessTheNetworkIsSaidTrusted() throws InvalidSettingException {
        String[] smarthostInClear = {"MSA_SMARTHOST", "relay.example.net:25", "MSA_SMARTHOST_USER", "msa@example.org",
            "MSA_SMARTHOST_PASSWORD", "relay password", "MSA_SMARTHOST_TLS", "none"};
        assertThatThrownBy(() -> MsaSettings.fromEnvironment(env(smarthostInClear)))
            .hasMessage("MSA_SMARTHOST_USER with MSA_SMARTHOST_TLS=none sends the smarthost password in clear: set "
                + "MSA_SMARTHOST_TLS=required, or MSA_CLEARTEXT_LOGIN_TRUSTED=true for a network you trust");
        String[] trusted = java.util.Arrays.copyOf(smarthostInClear, smarthostInClear.length + 2);
        trusted[smarthostInClear.length] = "MSA_CLEARTEXT_LOGIN_TRUSTED";
        trusted[smarthostInClear.length + 1] = "true";
        assertThat(MsaSettings.fromEnvironment(env(trusted)).smarthostTls()).isEqualTo("none");
        MsaSettings.fromEnvironment(env("MSA_SMARTHOST", "relay.example.net:25", "MSA_SMARTHOST_TLS", "none"));

        MsaSettings webadminInClear = MsaSettings.fromEnvironment(env("MSA_WEBADMIN_BIND", "0.0.0.0",
            "MSA_WEBADMIN_PASSWORD", "a long admin password"));
        assertThatThrownBy(() -> webadminInClear.refuseAnOpenWebadmin(false, false))
            .hasMessage("MSA_WEBADMIN_BIND='0.0.0.0' with plain HTTP sends webadmin's password in clear: enable HTTPS in "
                + "webadmin.properties (https.enabled), keep 127.0.0.1, or set MSA_CLEARTEXT_LOGIN_TRUSTED=true for a network you trust");
        webadminInClear.refuseAnOpenWebadmin(false, true);
        MsaSettings.fromEnvironment(env("MSA_WEBADMIN_BIND", "0.0.0.0", "MSA_WEBADMIN_PASSWORD", "a long admin password",
            "MSA_CLEARTEXT_LOGIN_TRUSTED", "true")).refuseAnOpenWebadmin(false, false);
        assertThatThrownBy(() -> MsaSettings.fromEnvironment(env("MSA_CLEARTEXT_LOGIN_TRUSTED", "yes")))
            .hasMessage("MSA_CLEARTEXT_LOGIN_TRUSTED='yes'; allowed values: true, false");
    }

    @Test
    void aSharedPostgresqlDatabaseIsNamedByUrlWithItsLoginAndEmbeddedDerbyIsTheDefault(@TempDir Path secrets) throws Exception {
        TlsMaterial tls = new TlsMaterial(Path.of("/tls/cert.pem"), Path.of("/tls/key.pem"), true);
        Path passwordFile = Files.writeString(secrets.resolve("db-password"), "db secret\n");
        MsaSettings shared = MsaSettings.fromEnvironment(env("MSA_DATABASE_URL", "jdbc:postgresql://db.internal:5432/james",
            "MSA_DATABASE_USER", "james", "MSA_DATABASE_PASSWORD_FILE", passwordFile.toString()));

        assertThat(shared.systemProperties(tls)).containsEntry("msa.database.driver", "org.postgresql.Driver")
            .containsEntry("msa.database.url", "jdbc:postgresql://db.internal:5432/james")
            .containsEntry("msa.database.user", "james").containsEntry("msa.database.password", "db secret");
        assertThat(shared.toString()).doesNotContain("db secret");
        assertThat(MsaSettings.fromEnvironment(env()).systemProperties(tls))
            .containsEntry("msa.database.driver", "org.apache.derby.jdbc.EmbeddedDriver")
            .hasEntrySatisfying("msa.database.url", url -> assertThat(url).startsWith("jdbc:derby:/").endsWith("/var/store/derby;create=true"));
        assertThatThrownBy(() -> MsaSettings.fromEnvironment(env("MSA_DATABASE_URL", "jdbc:mysql://db/james", "MSA_DATABASE_USER", "j")))
            .hasMessage("MSA_DATABASE_URL='jdbc:mysql://db/james' is not a PostgreSQL JDBC URL (example: jdbc:postgresql://db.internal:5432/james)");
        assertThatThrownBy(() -> MsaSettings.fromEnvironment(env("MSA_DATABASE_URL", "jdbc:postgresql://db.internal/james")))
            .hasMessage("MSA_DATABASE_URL is set but MSA_DATABASE_USER is not: name the database login");
        assertThatThrownBy(() -> MsaSettings.fromEnvironment(env("MSA_DATABASE_USER", "james")))
            .hasMessage("MSA_DATABASE_USER and MSA_DATABASE_PASSWORD need MSA_DATABASE_URL: the embedded database has no login");
    }

    @Test
    void behindHaproxyOnlyTrustedProxiesConnectAndTheBundleCountsTheRealClients() throws Exception {
        TlsMaterial tls = new TlsMaterial(Path.of("/tls/cert.pem"), Path.of("/tls/key.pem"), true);
        MsaSettings proxied = MsaSettings.fromEnvironment(env("MSA_PROXY_PROTOCOL", "true", "MSA_TRUSTED_PROXIES", "10.0.0.5, 10.0.1.0/24"));

        assertThat(proxied.systemProperties(tls)).containsEntry("msa.proxy.required", "true")
            .containsEntry("msa.trusted.proxies", "10.0.0.5, 10.0.1.0/24")
            .containsEntry("msa.mx.connectionLimitPerIP", "0").containsEntry("msa.mx.connectionsPerClient", "20")
            .containsEntry("msa.submission.connectionLimitPerIP", "0").containsEntry("msa.submission.connectionsPerClient", "50");
        assertThat(MsaSettings.fromEnvironment(env("MSA_MX_CONNECTIONS_PER_CLIENT", "5")).systemProperties(tls))
            .containsEntry("msa.proxy.required", "false").containsEntry("msa.trusted.proxies", "")
            .containsEntry("msa.mx.connectionLimitPerIP", "5").containsEntry("msa.mx.connectionsPerClient", "0");
        assertThatThrownBy(() -> MsaSettings.fromEnvironment(env("MSA_PROXY_PROTOCOL", "true")))
            .hasMessage("MSA_PROXY_PROTOCOL=true needs MSA_TRUSTED_PROXIES: the addresses of the proxies allowed to name "
                + "clients (example: 10.0.0.5, 10.0.1.0/24)");
        assertThatThrownBy(() -> MsaSettings.fromEnvironment(env("MSA_PROXY_PROTOCOL", "true", "MSA_TRUSTED_PROXIES", "haproxy.internal")))
            .hasMessage("MSA_TRUSTED_PROXIES='haproxy.internal' is not a list of IP addresses or CIDR ranges (example: 10.0.0.5, 10.0.1.0/24)");
        assertThatThrownBy(() -> MsaSettings.fromEnvironment(env("MSA_TRUSTED_PROXIES", "10.0.0.5")))
            .hasMessage("MSA_TRUSTED_PROXIES is set but MSA_PROXY_PROTOCOL is not true");
    }

    @Test
    void thePostmasterAndTheSmarthostLoginAndTlsAreReadAndChecked(@TempDir Path secrets) throws Exception {
        Path passwordFile = Files.writeString(secrets.resolve("relay-password"), "s3cret relay password\n");
        MsaSettings settings = MsaSettings.fromEnvironment(env("MSA_DOMAIN", "example.org", "MSA_SMARTHOST", "relay.example.net:587",
            "MSA_SMARTHOST_USER", "msa@example.org", "MSA_SMARTHOST_PASSWORD_FILE", passwordFile.toString()));
        TlsMaterial tls = new TlsMaterial(Path.of("/tls/cert.pem"), Path.of("/tls/key.pem"), true);

        assertThat(settings.systemProperties(tls)).containsEntry("msa.postmaster", "postmaster@example.org")
            .containsEntry("msa.smarthost.user", "msa@example.org").containsEntry("msa.smarthost.password", "s3cret relay password")
            .containsEntry("msa.smarthost.tls", "required").containsEntry("msa.smarthost.ca", "")
            .containsEntry("msa.hostname", "mail.example.org");
        assertThat(settings.toString()).doesNotContain("s3cret");
        assertThatThrownBy(() -> MsaSettings.fromEnvironment(env("MSA_SMARTHOST", "relay.example.net:587", "MSA_SMARTHOST_USER", "msa")))
            .hasMessage("MSA_SMARTHOST_USER and MSA_SMARTHOST_PASSWORD (or MSA_SMARTHOST_PASSWORD_FILE) go together");
        assertThatThrownBy(() -> MsaSettings.fromEnvironment(env("MSA_SMARTHOST_TLS", "maybe")))
            .hasMessage("MSA_SMARTHOST_TLS='maybe'; allowed values: required, none");
        assertThatThrownBy(() -> MsaSettings.fromEnvironment(env("MSA_POSTMASTER", "nobody")))
            .hasMessage("MSA_POSTMASTER='nobody' is not a mail address (example: postmaster@example.org)");
    }

    @Test
    void anchorsGoBesideTheAuditFolderUnlessNamedAndTheKeyIsOptional() throws InvalidSettingException {
        TlsMaterial tls = new TlsMaterial(Path.of("/tls/cert.pem"), Path.of("/tls/key.pem"), true);
        assertThat(MsaSettings.fromEnvironment(env("MSA_AUDIT_DIR", "/data/audit")).systemProperties(tls))
            .containsEntry("msa.audit.anchor.dir", "/data/audit-anchors").containsEntry("msa.audit.anchor.key", "");
        assertThat(MsaSettings.fromEnvironment(env("MSA_AUDIT_ANCHOR_DIR", "/mnt/worm/anchors", "MSA_AUDIT_ANCHOR_KEY",
            "/etc/james-msa/anchor.pem")).systemProperties(tls))
            .containsEntry("msa.audit.anchor.dir", "/mnt/worm/anchors").containsEntry("msa.audit.anchor.key", "/etc/james-msa/anchor.pem");
    }

    @Test
    void auditFolderDefaultsToHomeAndCanBeMoved() throws InvalidSettingException {
        TlsMaterial tls = new TlsMaterial(Path.of("/c.pem"), Path.of("/k.pem"), true);

        assertThat(MsaSettings.fromEnvironment(env()).systemProperties(tls))
            .containsEntry("msa.audit.dir", home.resolve("audit").toAbsolutePath().toString());
        assertThat(MsaSettings.fromEnvironment(env("MSA_AUDIT_DIR", "/var/lib/msa-audit")).systemProperties(tls))
            .containsEntry("msa.audit.dir", "/var/lib/msa-audit");
    }

    @Test
    void badDnsServerIsNamed() {
        assertThatThrownBy(() -> MsaSettings.fromEnvironment(env("MSA_DNS_SERVERS", "127.0.0.1:53,resolver.example")))
            .hasMessageStartingWith("MSA_DNS_SERVERS='127.0.0.1:53,resolver.example': DNS server 'resolver.example'");
    }

    @Test
    void unknownTempErrorActionIsRefused() {
        assertThatThrownBy(() -> MsaSettings.fromEnvironment(env("MSA_CSV_ON_TEMPERROR", "ignore")))
            .hasMessage("MSA_CSV_ON_TEMPERROR='ignore'; allowed values: accept, reject, tempfail");
    }

    @Test
    void homeIsRequired() {
        Map<String, String> env = env();
        env.remove("MSA_HOME");

        assertThatThrownBy(() -> MsaSettings.fromEnvironment(env)).hasMessageStartingWith("MSA_HOME is not set");
    }

    @Test
    void certificateWithoutKeyIsRefused() throws Exception {
        Path cert = Files.writeString(home.resolve("cert.pem"), "x");

        assertThatThrownBy(() -> MsaSettings.fromEnvironment(env("MSA_TLS_CERT", cert.toString())))
            .hasMessageContaining("MSA_TLS_CERT and MSA_TLS_KEY go together");
    }

    @Test
    void unreadableKeyFileIsNamed() throws Exception {
        Path cert = Files.writeString(home.resolve("cert.pem"), "x");

        assertThatThrownBy(() -> MsaSettings.fromEnvironment(env("MSA_TLS_CERT", cert.toString(),
            "MSA_TLS_KEY", home.resolve("missing.pem").toString())))
            .hasMessageStartingWith("MSA_TLS_KEY='" + home.resolve("missing.pem") + "' is not a readable file");
    }
}
