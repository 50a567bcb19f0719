package org.jamesmsa.extension;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.commons.configuration2.BaseConfiguration;
import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.utils.PropertiesProvider;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.jamesmsa.audit.AuditLog;
import org.jamesmsa.csv.DnsClient;
import org.jamesmsa.settings.Settings;
import org.jamesmsa.settings.ValueType;
import org.jamesmsa.smtp.submission.sasl.ClientCertificates;


/**
 * {@code conf/james-msa.properties}: the settings of the services every listener and mailet shares. The file may be
 * absent (a drop-in on an existing James): every setting has a default.
 *
 * <pre>
 * # Audit records: folder (default: var/audit under James's working directory) and days kept (default 30, at least 7).
 * audit.directory=/var/lib/james-msa/audit
 * audit.retentionDays=30
 * # Anchors of the chain's head: folder (default: the audit folder's name + "-anchors", beside it), seconds between
 * # anchors (60), and an Ed25519 private key (PEM; made when missing, with its .pub) to sign them (default: unsigned).
 * audit.anchorDirectory=/mnt/worm/james-msa-anchors
 * audit.anchorInterval=60
 * audit.anchorKey=/etc/james-msa/anchor-key.pem
 * # Where messages wait whose record could not be written: the repositoryPath of the audit-error processor
 * # (default memory://var/mail/audit-error/), and the seconds between two tries to send them through again (10).
 * audit.heldRepository=jpa://var/mail/audit-error/
 * audit.heldRetryInterval=10
 * # EHLO validation's resolvers (ip[:port], comma-separated; default: the system's), per-query timeout in
 * # milliseconds (1000), answers cached (10000) and the longest time one is kept whatever its TTL, in seconds (86400).
 * dns.servers=192.0.2.53
 * dns.queryTimeout=1000
 * dns.cacheSize=10000
 * dns.cacheMaxTtl=86400
 * # Counters of the abuse limits: empty keeps them in this process; a Redis URI shares them between nodes
 * # (redis://[user:password@]host:port[/db], rediss:// for TLS, redis-sentinel://host:port,host:port/db#master).
 * limits.redis=redis://redis.internal:6379
 * # Per-user sending limits, edited through webadmin (/msa/user-limits); default: var/user-limits.properties.
 * limits.userFile=/var/lib/james-msa/user-limits.properties
 * # Suspended accounts, changed through webadmin (/msa/suspensions); default: var/suspensions.properties.
 * limits.suspensionsFile=/var/lib/james-msa/suspensions.properties
 * # Where their messages wait: the repositoryPath of the SuspendedSender mailet (default jpa://var/mail/suspended/).
 * limits.suspendedRepository=jpa://var/mail/suspended/
 * # SASL EXTERNAL: PEM certificates of the authorities that sign client certificates (none: EXTERNAL is off), and
 * # where the user's name is read: san-email (default) or subject-cn.
 * sasl.external.ca=/etc/james-msa/client-ca.pem
 * sasl.external.identity=san-email
 * # Webadmin (with extensions.routes=org.jamesmsa.extension.WebAdminGuard in webadmin.properties): the password every
 * # request must give with HTTP Basic, user "admin" (at least 12 characters; empty: none, keep webadmin on loopback).
 * webadmin.password=
 * </pre>
 */
public final class ServiceSettings {
    static final String FILE = "james-msa.properties";
    private static final String DEFAULT_AUDIT_FOLDER = "file://var/audit";
    private static final String DEFAULT_USER_LIMITS_FILE = "file://var/user-limits.properties";
    private static final String DEFAULT_SUSPENSIONS_FILE = "file://var/suspensions.properties";
    private static final String DEFAULT_SUSPENDED_REPOSITORY = "jpa://var/mail/suspended/";
    private static final String DEFAULT_HELD_REPOSITORY = "memory://var/mail/audit-error/";
    private static final List<String> KEYS = List.of("audit.directory", "audit.retentionDays", "audit.anchorDirectory",
        "audit.anchorInterval", "audit.anchorKey", "audit.heldRepository", "audit.heldRetryInterval", "dns.servers",
        "dns.queryTimeout", "dns.cacheSize", "dns.cacheMaxTtl", "sasl.external.ca", "sasl.external.identity", "limits.redis", "limits.userFile",
        "limits.suspensionsFile", "limits.suspendedRepository", "webadmin.password");
    private static final int MIN_PASSWORD_LENGTH = 12;
    /** RFC 5068 3.1: records must outlive the week in which transit problems are typically reported. */
    private static final ValueType<Integer> RETENTION_DAYS = ValueType.atLeast(7,
        "RFC 5068 3.1: problems surface up to a week after submission");

    private final Settings settings;
    private final FileSystem fileSystem;

    private ServiceSettings(Settings settings, FileSystem fileSystem) {
        this.settings = settings;
        this.fileSystem = fileSystem;
    }

    public static ServiceSettings read(PropertiesProvider properties, FileSystem fileSystem) throws ConfigurationException {
        Configuration file;
        try {
            file = properties.getConfiguration("james-msa");
        } catch (FileNotFoundException absent) {
            file = new BaseConfiguration();
        }
        return new ServiceSettings(Settings.ofProperties(file, FILE, KEYS), fileSystem);
    }

    Path auditDirectory() {
        return path("audit.directory", DEFAULT_AUDIT_FOLDER);
    }

    Path anchorDirectory() {
        return settings.optional("audit.anchorDirectory", ValueType.TEXT).map(Path::of)
            .orElseGet(() -> AuditLog.defaultAnchorDirectory(auditDirectory()));
    }

    Duration anchorInterval() {
        return Duration.ofSeconds(settings.get("audit.anchorInterval", ValueType.POSITIVE_INT, 60));
    }

    Optional<Path> anchorKey() {
        return settings.optional("audit.anchorKey", ValueType.TEXT).map(Path::of);
    }

    MailRepositoryUrl heldRepository() {
        return repository("audit.heldRepository", DEFAULT_HELD_REPOSITORY, "jpa://var/mail/audit-error/");
    }

    Duration heldRetryInterval() {
        return Duration.ofSeconds(settings.get("audit.heldRetryInterval", ValueType.POSITIVE_INT, 10));
    }

    Path userLimitsFile() {
        return path("limits.userFile", DEFAULT_USER_LIMITS_FILE);
    }

    /** The repositoryPath of the SuspendedSender mailet: where a suspended account's messages wait. */
    MailRepositoryUrl suspendedRepository() {
        return repository("limits.suspendedRepository", DEFAULT_SUSPENDED_REPOSITORY, DEFAULT_SUSPENDED_REPOSITORY);
    }

    private MailRepositoryUrl repository(String key, String defaultUrl, String example) {
        String url = settings.get(key, ValueType.TEXT, defaultUrl);
        try {
            return MailRepositoryUrl.from(url);
        } catch (IllegalArgumentException e) {
            throw settings.invalid(key, url, "not a mail repository URL such as " + example);
        }
    }

    Path suspensionsFile() {
        return path("limits.suspensionsFile", DEFAULT_SUSPENSIONS_FILE);
    }

    /** A path as written, or the default under James's working directory. */
    private Path path(String key, String defaultUrl) {
        Optional<String> configured = settings.optional(key, ValueType.TEXT);
        if (configured.isPresent()) {
            return Path.of(configured.get());
        }
        try {
            File resolved = fileSystem.getFile(defaultUrl);
            return resolved.toPath();
        } catch (FileNotFoundException e) {
            throw settings.invalid(key, defaultUrl, "the default cannot be resolved: " + e.getMessage());
        }
    }

    int auditRetentionDays() {
        return settings.get("audit.retentionDays", RETENTION_DAYS, 30);
    }

    /** How {@code audit.directory} is refused when the store cannot open it. */
    IllegalArgumentException auditDirectoryUnusable(Path directory, IOException e) {
        return settings.invalid("audit.directory", directory.toString(), e.getMessage());
    }

    List<InetSocketAddress> dnsServers() {
        String servers = settings.get("dns.servers", ValueType.TEXT, "");
        try {
            return DnsClient.parseServers(servers);
        } catch (IllegalArgumentException e) {
            throw settings.invalid("dns.servers", servers, e.getMessage()
                + "; allowed values: ip[:port], comma-separated, or empty for the system resolvers");
        }
    }

    Duration dnsQueryTimeout() {
        return settings.get("dns.queryTimeout", ValueType.MILLISECONDS, Duration.ofSeconds(1));
    }

    int dnsCacheSize() {
        return settings.get("dns.cacheSize", ValueType.POSITIVE_INT, 10_000);
    }

    int dnsCacheMaxTtlSeconds() {
        return settings.get("dns.cacheMaxTtl", ValueType.POSITIVE_INT, 86_400);
    }

    /** Where the limiter's counters live: empty for this process, else a Redis server (a URI, or host:port). */
    Optional<String> redis() {
        return settings.optional("limits.redis", ValueType.of("redis://[user:password@]host:port[/db], rediss://..., "
            + "redis-sentinel://host:port[,host:port]/db#master, host:port, or empty to keep the counters in this process",
            text -> Optional.of(text).filter(location -> RedisServices.isLocation(location))));
    }

    /** The password of webadmin, or empty for none. */
    Optional<String> webadminPassword() {
        return settings.optional("webadmin.password", ValueType.of("at least " + MIN_PASSWORD_LENGTH
            + " characters, or empty for no password", text -> Optional.of(text).filter(t -> t.length() >= MIN_PASSWORD_LENGTH)));
    }

    ClientCertificates clientCertificates() {
        ClientCertificates.Identity identity = settings.get("sasl.external.identity",
            ValueType.of("san-email, subject-cn", text -> identityNamed(text)), ClientCertificates.Identity.SAN_EMAIL);
        Optional<String> ca = settings.optional("sasl.external.ca", ValueType.TEXT);
        if (ca.isEmpty()) {
            return ClientCertificates.none();
        }
        try (InputStream pem = Files.newInputStream(Path.of(ca.get()))) {
            List<X509Certificate> authorities = new ArrayList<>();
            CertificateFactory.getInstance("X.509").generateCertificates(pem)
                .forEach(certificate -> authorities.add((X509Certificate) certificate));
            if (authorities.isEmpty()) {
                throw settings.invalid("sasl.external.ca", ca.get(), "the file holds no certificate");
            }
            return new ClientCertificates(authorities, identity);
        } catch (IOException | CertificateException e) {
            throw settings.invalid("sasl.external.ca", ca.get(), "not a readable PEM file of certificates: " + e.getMessage());
        }
    }

    private static Optional<ClientCertificates.Identity> identityNamed(String text) {
        switch (text) {
            case "san-email":
                return Optional.of(ClientCertificates.Identity.SAN_EMAIL);
            case "subject-cn":
                return Optional.of(ClientCertificates.Identity.SUBJECT_CN);
            default:
                return Optional.empty();
        }
    }
}
