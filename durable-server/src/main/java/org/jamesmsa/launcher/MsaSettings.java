package org.jamesmsa.launcher;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jamesmsa.audit.AuditLog;
import org.jamesmsa.csv.DnsClient;
import org.jamesmsa.contracts.MachineName;
import org.jamesmsa.server.CachingRecipientRewriteTable;
import org.jamesmsa.server.CachingUsersRepository;
import org.jamesmsa.settings.InvalidSettingException;
import org.jamesmsa.settings.ValueType;
import org.jamesmsa.smtp.limits.RedisLink;
import org.jamesmsa.contracts.NodeId;
import org.jamesmsa.smtp.proxy.NetworkRanges;

/**
 * What the operator chose, read from MSA_* environment variables (the same for the local launcher and the
 * Docker image). Every value is checked before James starts; a bad one names the variable and what it accepts.
 *
 * @param domain          MSA_DOMAIN: the local mail domain (default {@code localhost})
 * @param hostname        MSA_HOSTNAME: the name this host announces (greeting, EHLO, Received, Message-IDs, outbound
 *                        HELO, the generated certificate); default the machine's fully qualified name, refused when
 *                        it has no dot unless set explicitly
 * @param postmaster      MSA_POSTMASTER: the mailbox that postmaster@ and abuse@ every local domain reach (default
 *                        {@code postmaster@<MSA_DOMAIN>})
 * @param bindAddress     MSA_BIND_ADDRESS: address the SMTP listeners bind to (default {@code 0.0.0.0})
 * @param smtpPort        MSA_SMTP_PORT: MX listener (default 25)
 * @param submissionPort  MSA_SUBMISSION_PORT: submission with STARTTLS (default 587)
 * @param submissionsPort MSA_SUBMISSIONS_PORT: submission with implicit TLS (default 465)
 * @param webadminPort    MSA_WEBADMIN_PORT: James webadmin, never off: it manages the accounts (default 8000)
 * @param webadminBind    MSA_WEBADMIN_BIND: the address webadmin listens on (default {@code 127.0.0.1}); any other
 *                        needs MSA_WEBADMIN_PASSWORD or JWT in webadmin.properties
 * @param webadminPassword MSA_WEBADMIN_PASSWORD: HTTP Basic password of webadmin, user {@code admin}, at least 12
 *                        characters (default: none)
 * @param imapPort        MSA_IMAP_PORT: IMAP with STARTTLS required before LOGIN (default 143)
 * @param imapsPort       MSA_IMAPS_PORT: IMAP with implicit TLS (default 993)
 * @param smarthost       MSA_SMARTHOST: optional {@code host:port} for outbound relay
 * @param smarthostUser   MSA_SMARTHOST_USER: login at the smarthost (default: none, no AUTH)
 * @param smarthostPassword MSA_SMARTHOST_PASSWORD, or the first line of the file MSA_SMARTHOST_PASSWORD_FILE
 * @param smarthostTls    MSA_SMARTHOST_TLS: {@code required} (default: STARTTLS and a verified certificate, or no
 *                        delivery) or {@code none} (a relay on a trusted network that has no TLS)
 * @param smarthostCa     MSA_SMARTHOST_CA: PEM certificates of the authorities the smarthost's certificate is checked
 *                        against instead of the JVM's (a private relay)
 * @param authCacheSeconds MSA_AUTH_CACHE_SECONDS: how long a verified login and password skip the password hash
 *                        (default 0: never; VerifiedCredentials says what it trades)
 * @param domainCacheSeconds MSA_DOMAIN_CACHE_SECONDS: how long James's domain list answers "is this domain local"
 *                        from memory (default 10; 0: asks the database every time): a domain added or removed
 *                        through webadmin may be seen that much later
 * @param rrtCacheSeconds MSA_RRT_CACHE_SECONDS: how long an address's aliases and domain mappings are answered from
 *                        memory (default 10; 0: asks the database every time); changes through webadmin apply at once
 * @param usersCacheSeconds MSA_USERS_CACHE_SECONDS: how long an account read at AUTH is kept in memory (default 10;
 *                        0: read at every AUTH); the password is checked against its hash every time
 * @param home            MSA_HOME: accounts, mailboxes, the mail queue, audit records and keys (required; the
 *                        launcher gives a default outside any build output)
 * @param tlsCert         MSA_TLS_CERT: PEM certificate chain; with MSA_TLS_KEY, or neither
 * @param tlsKey          MSA_TLS_KEY: PEM private key
 * @param dnsServers      MSA_DNS_SERVERS: resolvers of EHLO validation, {@code ip[:port]} comma-separated; empty =
 *                        the system's
 * @param auditDir        MSA_AUDIT_DIR: the audit records (default {@code $MSA_HOME/audit})
 * @param anchorDir       MSA_AUDIT_ANCHOR_DIR: the anchors of the audit chain, best on another disk (default: the audit
 *                        folder's name + {@code -anchors}, beside it)
 * @param anchorKey       MSA_AUDIT_ANCHOR_KEY: an Ed25519 private key (PEM) signing the anchors, made there with its
 *                        {@code .pub} when missing (default: anchors unsigned)
 * @param csvOnTempError  MSA_CSV_ON_TEMPERROR: what the MX listener does when DNS cannot validate an EHLO name:
 *                        accept (default), reject or tempfail
 * @param redis           MSA_REDIS: a Redis URI ({@code redis://}, {@code rediss://}, {@code redis-sentinel://}; or
 *                        {@code host:port}) of the Redis that holds the abuse limits' counters, so that
 *                        several nodes enforce one limit (default: none, counters in this process)
 * @param database        MSA_DATABASE_URL and its login: embedded Derby under MSA_HOME (default), or a PostgreSQL
 *                        server several nodes share
 * @param trustedProxies  MSA_TRUSTED_PROXIES, present when MSA_PROXY_PROTOCOL is true: the HAProxy addresses or CIDR
 *                        ranges that alone may connect, each connection starting with a PROXY header naming the client
 * @param mxConnectionsPerClient MSA_MX_CONNECTIONS_PER_CLIENT: connections at once per client address on port 25
 *                        (default 20; 0: unlimited)
 * @param submissionConnectionsPerClient MSA_SUBMISSION_CONNECTIONS_PER_CLIENT: the same on 587 and 465 (default 50: a
 *                        whole office behind one NAT address submits)
 * @param cleartextTrusted MSA_CLEARTEXT_LOGIN_TRUSTED: {@code true} lets a password cross the network in clear where a
 *                        setting would send it so (a smarthost login with MSA_SMARTHOST_TLS=none, the webadmin
 *                        password over plain HTTP beyond loopback): only for a network the operator trusts (default
 *                        {@code false}: the launcher refuses such settings)
 * @param brokerUrl       MSA_BROKER_URL: external ActiveMQ brokers of the mail queue that several nodes share,
 *                        {@code failover:(tcp://a:61616,tcp://b:61616)} (default: none, the embedded broker)
 * @param nodeId          MSA_NODE_ID: this node's name among the service's nodes, in audit records, metrics and log
 *                        lines (default: the host name)
 */
public record MsaSettings(String domain, String hostname, String postmaster, String bindAddress, int smtpPort, int submissionPort, int submissionsPort,
                          int webadminPort, int imapPort, int imapsPort, Optional<String> smarthost, Path home, Optional<Path> tlsCert,
                          Optional<Path> tlsKey, String dnsServers, String csvOnTempError, Path auditDir, String webadminBind,
                          Optional<Secret> webadminPassword, Optional<Secret> redis, Path anchorDir, Optional<Path> anchorKey,
                          Optional<String> smarthostUser, Optional<Secret> smarthostPassword, String smarthostTls,
                          Optional<Path> smarthostCa, int authCacheSeconds, int domainCacheSeconds,
                          int rrtCacheSeconds, int usersCacheSeconds, boolean cleartextTrusted, Database database,
                          Optional<String> trustedProxies, int mxConnectionsPerClient, int submissionConnectionsPerClient,
                          Optional<String> brokerUrl, String nodeId) {

    /**
     * Where James keeps domains, users, aliases and local mailboxes: embedded Derby under MSA_HOME, or a PostgreSQL
     * server that several nodes share (MSA_DATABASE_URL, MSA_DATABASE_USER, MSA_DATABASE_PASSWORD or its _FILE).
     */
    public record Database(String url, Optional<String> user, Optional<Secret> password) {
        static final String POSTGRESQL = "jdbc:postgresql://";

        public boolean shared() {
            return url.startsWith(POSTGRESQL);
        }

        public String driver() {
            return shared() ? "org.postgresql.Driver" : "org.apache.derby.jdbc.EmbeddedDriver";
        }
    }

    /**
     * Every local-domain check (RCPT, relay decision, DKIM) asked Derby otherwise: 14 % of the CPU under submission
     * load. James's cache expires entries; ten seconds is how late a domain change may be seen.
     */
    static final int DEFAULT_DOMAIN_CACHE_SECONDS = 10;

    static final int DEFAULT_RRT_CACHE_SECONDS = CachingRecipientRewriteTable.DEFAULT_CACHE_SECONDS;

    static final int DEFAULT_USERS_CACHE_SECONDS = CachingUsersRepository.DEFAULT_CACHE_SECONDS;

    /** A password, never shown: the settings are logged and printed. */
    public record Secret(String value) {
        @Override
        public String toString() {
            return "(secret)";
        }
    }

    /** A listener port of 0: the listener is off. */
    public static final int DISABLED = 0;
    private static final Pattern DOMAIN = Pattern.compile(
        "(?i)(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final ValueType<String> CSV_ACTION = ValueType.word("accept", "reject", "tempfail");
    private static final Pattern HOST_AND_PORT = Pattern.compile("([A-Za-z0-9.-]+):(\\d{1,5})");
    private static final int MIN_PASSWORD_LENGTH = 12;
    private static final ValueType<String> SMARTHOST_TLS = ValueType.word("required", "none");

    public static MsaSettings fromEnvironment(Map<String, String> env) {
        return fromEnvironment(env, MachineName::canonical);
    }

    /** With the machine's name as a test gives it. */
    static MsaSettings fromEnvironment(Map<String, String> env, java.util.function.Supplier<String> machineName) {
        String domain = value(env, "MSA_DOMAIN").orElse("localhost");
        if (!DOMAIN.matcher(domain).matches()) {
            throw new InvalidSettingException("MSA_DOMAIN='" + domain + "' is not a domain name (example: example.org)");
        }
        String hostname = hostname(env, machineName);
        String postmaster = value(env, "MSA_POSTMASTER").orElse("postmaster@" + domain);
        if (!postmaster.matches("[^@\\s]+@" + DOMAIN.pattern())) {
            throw new InvalidSettingException("MSA_POSTMASTER='" + postmaster + "' is not a mail address (example: postmaster@example.org)");
        }
        String bindAddress = value(env, "MSA_BIND_ADDRESS").orElse("0.0.0.0");
        Optional<String> smarthost = hostAndPort(env, "MSA_SMARTHOST", "relay.example.net:587");
        Optional<Secret> redis = value(env, "MSA_REDIS").map(Secret::new);
        if (redis.isPresent() && RedisLink.location(redis.get().value()).isEmpty()) {
            throw new InvalidSettingException("MSA_REDIS='" + redis.get().value() + "' is not a Redis URI (examples: "
                + "redis://redis.internal:6379, rediss://msa:password@redis.internal:6380/0, "
                + "redis-sentinel://s1:26379,s2:26379/0#mymaster)");
        }
        Optional<String> smarthostUser = value(env, "MSA_SMARTHOST_USER");
        Optional<Secret> smarthostPassword = secret(env, "MSA_SMARTHOST_PASSWORD");
        if (smarthostUser.isPresent() != smarthostPassword.isPresent()) {
            throw new InvalidSettingException("MSA_SMARTHOST_USER and MSA_SMARTHOST_PASSWORD (or MSA_SMARTHOST_PASSWORD_FILE) go together");
        }
        if (smarthostUser.isPresent() && smarthost.isEmpty()) {
            throw new InvalidSettingException("MSA_SMARTHOST_USER is set but MSA_SMARTHOST is not: there is no smarthost to log in to");
        }
        String smarthostTls = typed(env, "MSA_SMARTHOST_TLS", SMARTHOST_TLS, "required");
        boolean cleartextTrusted = typed(env, "MSA_CLEARTEXT_LOGIN_TRUSTED", ValueType.BOOLEAN, false);
        if (smarthostUser.isPresent() && smarthostTls.equals("none") && !cleartextTrusted) {
            throw new InvalidSettingException("MSA_SMARTHOST_USER with MSA_SMARTHOST_TLS=none sends the smarthost password in "
                + "clear: set MSA_SMARTHOST_TLS=required, or MSA_CLEARTEXT_LOGIN_TRUSTED=true for a network you trust");
        }
        Optional<Path> smarthostCa = value(env, "MSA_SMARTHOST_CA").map(Path::of);
        if (smarthostCa.isPresent() && !Files.isReadable(smarthostCa.get())) {
            throw new InvalidSettingException("MSA_SMARTHOST_CA='" + smarthostCa.get() + "' is not a readable file");
        }
        String webadminBind = value(env, "MSA_WEBADMIN_BIND").orElse("127.0.0.1");
        Optional<Secret> webadminPassword = value(env, "MSA_WEBADMIN_PASSWORD").map(Secret::new);
        if (webadminPassword.isPresent() && webadminPassword.get().value().length() < MIN_PASSWORD_LENGTH) {
            throw new InvalidSettingException("MSA_WEBADMIN_PASSWORD has fewer than " + MIN_PASSWORD_LENGTH
                + " characters: webadmin creates accounts, give it a long password");
        }
        Path home = value(env, "MSA_HOME").map(Path::of)
            .orElseThrow(() -> new InvalidSettingException("MSA_HOME is not set: it names the folder for data and TLS material"));
        Optional<Path> tlsCert = value(env, "MSA_TLS_CERT").map(Path::of);
        Optional<Path> tlsKey = value(env, "MSA_TLS_KEY").map(Path::of);
        if (tlsCert.isPresent() != tlsKey.isPresent()) {
            throw new InvalidSettingException("MSA_TLS_CERT and MSA_TLS_KEY go together: set both, or neither for a self-signed certificate");
        }
        for (var pem : Map.of("MSA_TLS_CERT", tlsCert, "MSA_TLS_KEY", tlsKey).entrySet()) {
            if (pem.getValue().isPresent() && !Files.isReadable(pem.getValue().get())) {
                throw new InvalidSettingException(pem.getKey() + "='" + pem.getValue().get() + "' is not a readable file");
            }
        }
        String dnsServers = value(env, "MSA_DNS_SERVERS").orElse("");
        try {
            DnsClient.parseServers(dnsServers);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("MSA_DNS_SERVERS='" + dnsServers + "': " + e.getMessage());
        }
        String csvOnTempError = typed(env, "MSA_CSV_ON_TEMPERROR", CSV_ACTION, "accept");
        Path auditDir = value(env, "MSA_AUDIT_DIR").map(Path::of).orElse(home.resolve("audit"));
        Database database = database(env, home);
        Optional<String> trustedProxies = trustedProxies(env);
        return new MsaSettings(domain, hostname, postmaster, bindAddress,
            listenerPort(env, "MSA_SMTP_PORT", 25), listenerPort(env, "MSA_SUBMISSION_PORT", 587),
            listenerPort(env, "MSA_SUBMISSIONS_PORT", 465), typed(env, "MSA_WEBADMIN_PORT", ValueType.PORT, 8000),
            listenerPort(env, "MSA_IMAP_PORT", 143), listenerPort(env, "MSA_IMAPS_PORT", 993), smarthost, home, tlsCert,
            tlsKey, dnsServers, csvOnTempError,
            auditDir, webadminBind, webadminPassword, redis,
            value(env, "MSA_AUDIT_ANCHOR_DIR").map(Path::of).orElseGet(() -> AuditLog.defaultAnchorDirectory(auditDir)),
            value(env, "MSA_AUDIT_ANCHOR_KEY").map(Path::of), smarthostUser, smarthostPassword, smarthostTls, smarthostCa,
            typed(env, "MSA_AUTH_CACHE_SECONDS", ValueType.COUNT_OR_OFF, 0),
            typed(env, "MSA_DOMAIN_CACHE_SECONDS", ValueType.COUNT_OR_OFF, DEFAULT_DOMAIN_CACHE_SECONDS),
            typed(env, "MSA_RRT_CACHE_SECONDS", ValueType.COUNT_OR_OFF, DEFAULT_RRT_CACHE_SECONDS),
            typed(env, "MSA_USERS_CACHE_SECONDS", ValueType.COUNT_OR_OFF, DEFAULT_USERS_CACHE_SECONDS), cleartextTrusted, database,
            trustedProxies, typed(env, "MSA_MX_CONNECTIONS_PER_CLIENT", ValueType.COUNT_OR_OFF, 20),
            typed(env, "MSA_SUBMISSION_CONNECTIONS_PER_CLIENT", ValueType.COUNT_OR_OFF, 50), brokerUrl(env),
            typed(env, "MSA_NODE_ID", ValueType.of("a name of letters, digits, dots, hyphens and underscores (example: msa-1)",
                text -> Optional.of(text).filter(id -> NodeId.SYNTAX.matcher(id).matches())), hostname));
    }

    /**
     * MSA_HOSTNAME, or the machine's fully qualified name. A name without a dot (a container ID, "vm") is what the
     * guide's PTR and _client._smtp records could never match: refused unless the operator wrote it.
     */
    private static String hostname(Map<String, String> env, java.util.function.Supplier<String> machineName) {
        Optional<String> written = value(env, "MSA_HOSTNAME");
        String hostname = written.orElseGet(machineName);
        if (!DOMAIN.matcher(hostname).matches()) {
            throw new InvalidSettingException("MSA_HOSTNAME='" + hostname + "' is not a host name (example: mail.example.org)");
        }
        if (written.isEmpty() && !hostname.contains(".")) {
            throw new InvalidSettingException("this machine's name '" + hostname + "' is not fully qualified: set MSA_HOSTNAME to "
                + "the name clients and other servers know this host by (example: mail.example.org)");
        }
        return hostname.toLowerCase(Locale.ROOT);
    }

    /** A secret given as the variable itself, or as the first line of the file named by the variable + {@code _FILE}. */
    private static Optional<Secret> secret(Map<String, String> env, String name) {
        Optional<String> file = value(env, name + "_FILE");
        if (file.isEmpty()) {
            return value(env, name).map(Secret::new);
        }
        try {
            return Files.readAllLines(Path.of(file.get())).stream().findFirst().map(String::strip).filter(p -> !p.isEmpty())
                .map(Secret::new).or(() -> {
                    throw new InvalidSettingException(name + "_FILE='" + file.get() + "' is empty");
                });
        } catch (java.io.IOException e) {
            throw new InvalidSettingException(name + "_FILE='" + file.get() + "' cannot be read: " + e.getMessage());
        }
    }

    /**
     * James holds one connection per queue for its whole life: only the failover transport, which reconnects, survives
     * a broker's restart or a master's death.
     */
    private static Optional<String> brokerUrl(Map<String, String> env) {
        Optional<String> url = value(env, "MSA_BROKER_URL");
        if (url.isPresent() && !url.get().matches("failover:\\((tcp|ssl)://[^()\\s]+\\)(\\?\\S*)?")) {
            throw new InvalidSettingException("MSA_BROKER_URL='" + url.get() + "' must be a failover URL of ActiveMQ brokers, "
                + "master first (example: failover:(tcp://mq1:61616,tcp://mq2:61616)): a plain tcp:// connection would "
                + "not come back after a broker restart");
        }
        return url;
    }

    private static Optional<String> trustedProxies(Map<String, String> env) {
        boolean proxied = typed(env, "MSA_PROXY_PROTOCOL", ValueType.BOOLEAN, false);
        Optional<String> proxies = value(env, "MSA_TRUSTED_PROXIES");
        if (proxies.isPresent() && NetworkRanges.parse(proxies.get()).isEmpty()) {
            throw new InvalidSettingException("MSA_TRUSTED_PROXIES='" + proxies.get() + "' is not a list of IP addresses "
                + "or CIDR ranges (example: 10.0.0.5, 10.0.1.0/24)");
        }
        if (proxied && proxies.map(text -> NetworkRanges.parse(text).orElseThrow().isEmpty()).orElse(true)) {
            throw new InvalidSettingException("MSA_PROXY_PROTOCOL=true needs MSA_TRUSTED_PROXIES: the addresses of the "
                + "proxies allowed to name clients (example: 10.0.0.5, 10.0.1.0/24)");
        }
        if (!proxied && proxies.isPresent()) {
            throw new InvalidSettingException("MSA_TRUSTED_PROXIES is set but MSA_PROXY_PROTOCOL is not true");
        }
        return proxies;
    }

    private static Database database(Map<String, String> env, Path home) {
        Optional<String> url = value(env, "MSA_DATABASE_URL");
        Optional<String> user = value(env, "MSA_DATABASE_USER");
        Optional<Secret> password = secret(env, "MSA_DATABASE_PASSWORD");
        if (url.isEmpty()) {
            if (user.isPresent() || password.isPresent()) {
                throw new InvalidSettingException("MSA_DATABASE_USER and MSA_DATABASE_PASSWORD need MSA_DATABASE_URL: "
                    + "the embedded database has no login");
            }
            return new Database("jdbc:derby:" + home.toAbsolutePath().resolve("var/store/derby") + ";create=true",
                Optional.empty(), Optional.empty());
        }
        if (!url.get().matches("jdbc:postgresql://[^/?]+(:\\d{1,5})?/[^/?]+(\\?.*)?")) {
            throw new InvalidSettingException("MSA_DATABASE_URL='" + url.get() + "' is not a PostgreSQL JDBC URL "
                + "(example: jdbc:postgresql://db.internal:5432/james)");
        }
        if (user.isEmpty()) {
            throw new InvalidSettingException("MSA_DATABASE_URL is set but MSA_DATABASE_USER is not: name the database login");
        }
        return new Database(url.get(), user, password);
    }

    private static Optional<String> hostAndPort(Map<String, String> env, String name, String example) {
        Optional<String> written = value(env, name);
        if (written.isPresent()) {
            var matcher = HOST_AND_PORT.matcher(written.get());
            if (!matcher.matches() || ValueType.PORT.parse(matcher.group(2)).isEmpty()) {
                throw new InvalidSettingException(name + "='" + written.get()
                    + "' must be host:port with a port from 1 to 65535 (example: " + example + ")");
            }
        }
        return written;
    }

    /**
     * Webadmin creates accounts: on an address other hosts reach, it must ask for a password (MSA_WEBADMIN_PASSWORD)
     * or a JWT ({@code jwt.enabled=true} in webadmin.properties), and these must not cross the network in clear:
     * HTTPS ({@code https.enabled=true}), unless the operator says the network is trusted.
     */
    public void refuseAnOpenWebadmin(boolean jwtEnabled, boolean httpsEnabled) {
        boolean loopback;
        try {
            loopback = InetAddress.getByName(webadminBind).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new InvalidSettingException("MSA_WEBADMIN_BIND='" + webadminBind + "' is not an address of this host");
        }
        if (!loopback && webadminPassword.isEmpty() && !jwtEnabled) {
            throw new InvalidSettingException("MSA_WEBADMIN_BIND='" + webadminBind + "' exposes webadmin, which creates "
                + "accounts, beyond this host: set MSA_WEBADMIN_PASSWORD (or enable JWT in webadmin.properties), or keep 127.0.0.1");
        }
        if (!loopback && !httpsEnabled && !cleartextTrusted) {
            throw new InvalidSettingException("MSA_WEBADMIN_BIND='" + webadminBind + "' with plain HTTP sends webadmin's "
                + "password in clear: enable HTTPS in webadmin.properties (https.enabled), keep 127.0.0.1, or set "
                + "MSA_CLEARTEXT_LOGIN_TRUSTED=true for a network you trust");
        }
    }

    /** The {@code ${sys:msa.*}} values the packaged conf/ reads. */
    public Map<String, String> systemProperties(TlsMaterial tls) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("msa.domain", domain);
        properties.put("msa.hostname", hostname);
        properties.put(NodeId.PROPERTY, nodeId);
        properties.put("msa.broker.url", brokerUrl.orElse(""));
        properties.put("msa.postmaster", postmaster);
        properties.put("msa.home", home.toAbsolutePath().toString());
        properties.put("msa.bind.address", bindAddress);
        listener(properties, "smtp", smtpPort);
        listener(properties, "submission", submissionPort);
        listener(properties, "submissions", submissionsPort);
        properties.put("msa.webadmin.port", Integer.toString(webadminPort));
        properties.put("msa.webadmin.host", webadminBind);
        properties.put("msa.webadmin.password", webadminPassword.map(Secret::value).orElse(""));
        properties.put("msa.redis", redis.map(Secret::value).orElse(""));
        listener(properties, "imap", imapPort);
        listener(properties, "imaps", imapsPort);
        properties.put("msa.smarthost", smarthost.orElse(""));
        properties.put("msa.smarthost.user", smarthostUser.orElse(""));
        properties.put("msa.smarthost.password", smarthostPassword.map(Secret::value).orElse(""));
        properties.put("msa.smarthost.tls", smarthostTls);
        boolean proxied = trustedProxies.isPresent();
        properties.put("msa.proxy.required", Boolean.toString(proxied));
        properties.put("msa.trusted.proxies", trustedProxies.orElse(""));
        // Without a proxy James counts at connection, before any work; behind one, the bundle counts the real clients.
        properties.put("msa.mx.connectionLimitPerIP", Integer.toString(proxied ? 0 : mxConnectionsPerClient));
        properties.put("msa.mx.connectionsPerClient", Integer.toString(proxied ? mxConnectionsPerClient : 0));
        properties.put("msa.submission.connectionLimitPerIP", Integer.toString(proxied ? 0 : submissionConnectionsPerClient));
        properties.put("msa.submission.connectionsPerClient", Integer.toString(proxied ? submissionConnectionsPerClient : 0));
        properties.put("msa.database.driver", database.driver());
        properties.put("msa.database.url", database.url());
        properties.put("msa.database.user", database.user().orElse(""));
        properties.put("msa.database.password", database.password().map(Secret::value).orElse(""));
        properties.put("msa.auth.cache.seconds", Integer.toString(authCacheSeconds));
        // James's domain list cache has an on switch and a duration; 0 seconds is the switch off.
        properties.put("msa.domainlist.cache.enable", Boolean.toString(domainCacheSeconds > 0));
        properties.put("msa.domainlist.cache.expiracy", Math.max(domainCacheSeconds, 1) + "s");
        properties.put("msa.rrt.cache.seconds", Integer.toString(rrtCacheSeconds));
        properties.put("msa.users.cache.seconds", Integer.toString(usersCacheSeconds));
        properties.put("msa.smarthost.ca", smarthostCa.map(ca -> ca.toAbsolutePath().toString()).orElse(""));
        properties.put("msa.tls.cert", tls.certificate().toAbsolutePath().toString());
        properties.put("msa.tls.key", tls.privateKey().toAbsolutePath().toString());
        properties.put("msa.dns.servers", dnsServers);
        properties.put("msa.csv.onTempError", csvOnTempError);
        properties.put("msa.audit.dir", auditDir.toAbsolutePath().toString());
        properties.put("msa.audit.anchor.dir", anchorDir.toAbsolutePath().toString());
        properties.put("msa.audit.anchor.key", anchorKey.map(key -> key.toAbsolutePath().toString()).orElse(""));
        return properties;
    }

    /**
     * A listener's port and whether it is on: James binds port 0 to a random port, so 0 (the operator's "off") is
     * turned into {@code enabled="false"}, with a port that is never bound.
     */
    private static void listener(Map<String, String> properties, String name, int port) {
        properties.put("msa." + name + ".enabled", Boolean.toString(port != DISABLED));
        properties.put("msa." + name + ".port", Integer.toString(port == DISABLED ? 1 : port));
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    private static int listenerPort(Map<String, String> env, String name, int defaultPort) {
        return typed(env, name, ValueType.PORT_OR_OFF, defaultPort);
    }

    /**
     * A variable read with the same value types as the configuration files, refused with the same words: its default
     * when unset; anything else stops the start, naming the allowed values.
     */
    static <T> T typed(Map<String, String> env, String name, ValueType<T> type, T defaultValue) {
        Optional<String> raw = value(env, name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        return type.parse(raw.get()).orElseThrow(() ->
            new InvalidSettingException(name + "='" + raw.get() + "'; allowed values: " + type.allowed()));
    }
}
