package org.jamesmsa.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.jamesmsa.csv.ClientValidator;
import org.jamesmsa.csv.CsvResult;
import org.jamesmsa.csv.DnsAnswer;
import org.jamesmsa.csv.DnsCache;
import org.jamesmsa.csv.DnsClient;
import org.jamesmsa.csv.DnsLookup;
import org.jamesmsa.csv.Profile;
import org.jamesmsa.csv.QueryBudget;
import org.jamesmsa.csv.ValidatorSettings;
import org.jamesmsa.csv.Verdict;
import org.jamesmsa.mailets.DkimKey;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * {@code james-msa doctor [DOMAIN]}: the live DNS, asked through the resolvers the server uses (MSA_DNS_SERVERS),
 * checked against what this MSA will send: its host name (MSA_HOSTNAME), its DKIM key, its certificate. One line per
 * check, OK, WARN or FAIL, with the record to publish when one is missing or wrong; exit status 1 when a check
 * failed. The EHLO checks are the bundle's own validator (CSV and CSA), run on this host's name and addresses as a
 * receiving server would run it.
 */
public final class DnsDoctor {
    static final int CERTIFICATE_WARNING_DAYS = 21;

    enum Outcome { OK, WARN, FAIL }

    /** One check's outcome, what was found, and the record that would make it right. */
    static final class Check {
        final Outcome outcome;
        final String name;
        final String detail;
        final Optional<String> publish;

        Check(Outcome outcome, String name, String detail, Optional<String> publish) {
            this.outcome = outcome;
            this.name = name;
            this.detail = detail;
            this.publish = publish;
        }

        @Override
        public String toString() {
            return String.format("%-4s %-12s %s", outcome, name, detail) + publish.map(record -> "\n     publish: " + record).orElse("");
        }
    }

    private final DnsLookup dns;
    private final String domain;
    private final String hostname;
    /** The keys in use of the checked domain, RSA and Ed25519; none when this node's folder holds none. */
    private final List<DkimKey> dkim;
    private final Optional<Path> certificate;
    private final Clock clock;
    private final List<Check> checks = new ArrayList<>();

    DnsDoctor(DnsLookup dns, String domain, String hostname, List<DkimKey> dkim, Optional<Path> certificate, Clock clock) {
        this.dns = dns;
        this.domain = domain.toLowerCase(Locale.ROOT);
        this.hostname = hostname.toLowerCase(Locale.ROOT);
        this.dkim = dkim;
        this.certificate = certificate;
        this.clock = clock;
    }

    /** The command: the settings from the environment as the server reads them; returns the exit status. */
    public static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.size() > 1) {
            err.println("james-msa doctor: usage: james-msa doctor [DOMAIN]");
            return 2;
        }
        DnsDoctor doctor;
        try {
            doctor = of(env, args.stream().findFirst());
        } catch (IllegalArgumentException e) {
            err.println("james-msa doctor: " + e.getMessage());
            return 2;
        }
        List<Check> checks = doctor.checks();
        checks.forEach(out::println);
        long failed = failed(checks);
        out.println(failed == 0 ? "doctor: no check failed for " + doctor.domain
            : "doctor: " + failed + " check(s) failed for " + doctor.domain);
        return failed == 0 ? 0 : 1;
    }

    static long failed(List<Check> checks) {
        return checks.stream().filter(check -> check.outcome == Outcome.FAIL).count();
    }

    /** The doctor of {@code domain} (default MSA_DOMAIN) with the server's settings, by their MSA_* names. */
    static DnsDoctor of(Map<String, String> env, Optional<String> domain) {
        String hostname = Optional.ofNullable(env.get("MSA_HOSTNAME")).filter(h -> !h.isBlank()).orElseThrow(() ->
            new IllegalArgumentException("MSA_HOSTNAME is not set: the doctor checks the DNS of the name this MSA announces"));
        String checked = domain.orElseGet(() -> Optional.ofNullable(env.get("MSA_DOMAIN")).orElse("localhost"));
        Optional<Path> home = Optional.ofNullable(env.get("MSA_HOME")).filter(h -> !h.isBlank()).map(Path::of);
        Optional<Path> certificate = Optional.ofNullable(env.get("MSA_TLS_CERT")).filter(c -> !c.isBlank()).map(Path::of)
            .or(() -> home.map(h -> h.resolve("tls/cert.pem")));
        List<DkimKey> key = new java.util.ArrayList<>();
        if (home.isPresent()) {
            try {
                for (DkimKey.Algorithm algorithm : DkimKey.Algorithm.values()) {
                    DkimRoutes.packagedFolder(home.get()).existing(checked, algorithm).ifPresent(key::add);
                }
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalArgumentException("the DKIM key of " + checked + " cannot be read: " + e.getMessage(), e);
            }
        }
        DnsClient dns;
        try {
            dns = new DnsClient(DnsClient.parseServers(Optional.ofNullable(env.get("MSA_DNS_SERVERS")).orElse("")),
                Duration.ofSeconds(2), new DnsCache(1000, 60, Clock.systemUTC()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("MSA_DNS_SERVERS: " + e.getMessage(), e);
        }
        return new DnsDoctor(dns, checked, hostname, key, certificate, Clock.systemUTC());
    }

    String domain() {
        return domain;
    }

    List<Check> checks() {
        List<InetAddress> addresses = addresses();
        mx();
        spf(addresses);
        dkim();
        dmarc();
        clientValidation(addresses);
        reverseDns(addresses);
        submissionRecords();
        certificate();
        return checks;
    }

    private void add(Outcome outcome, String name, String detail, String publish) {
        checks.add(new Check(outcome, name, detail, Optional.ofNullable(publish)));
    }

    private DnsAnswer ask(String name, int type) {
        try {
            return dns.resolve(Name.fromString(name.endsWith(".") ? name : name + "."), type, new QueryBudget(Duration.ofSeconds(5)));
        } catch (IOException e) {
            return DnsAnswer.error("'" + name + "' is not a DNS name");
        }
    }

    private static <T extends Record> List<T> records(DnsAnswer answer, Class<T> type) {
        return answer.status() == DnsAnswer.Status.FOUND
            ? answer.records().stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList()) : List.of();
    }

    private static String text(TXTRecord record) {
        return String.join("", record.getStrings());
    }

    private static String name(Name name) {
        return name.toString(true).toLowerCase(Locale.ROOT);
    }

    private List<InetAddress> addresses() {
        List<InetAddress> addresses = new ArrayList<>();
        records(ask(hostname, Type.A), ARecord.class).forEach(a -> addresses.add(a.getAddress()));
        records(ask(hostname, Type.AAAA), AAAARecord.class).forEach(a -> addresses.add(a.getAddress()));
        if (addresses.isEmpty()) {
            add(Outcome.FAIL, "address", hostname + " has no A or AAAA record: other servers cannot check this MSA's name",
                hostname + ". IN A <this host's public address>");
        } else {
            add(Outcome.OK, "address", hostname + " is " + addresses.stream().map(InetAddress::getHostAddress)
                .collect(Collectors.joining(", ")), null);
        }
        return addresses;
    }

    private void mx() {
        List<MXRecord> mx = records(ask(domain, Type.MX), MXRecord.class);
        if (mx.isEmpty()) {
            add(Outcome.FAIL, "MX", domain + " has no MX record: replies and bounces to its addresses cannot arrive",
                domain + ". IN MX 10 " + hostname + ".");
        } else {
            add(Outcome.OK, "MX", domain + ": " + mx.stream().map(r -> r.getPriority() + " " + name(r.getTarget()))
                .collect(Collectors.joining(", ")), null);
        }
    }

    /** Covered when the SPF record names this host (a:) or one of its addresses (ip4:, ip6:) itself. */
    private void spf(List<InetAddress> addresses) {
        String suggestion = domain + ". IN TXT \"v=spf1 a:" + hostname + " -all\"";
        List<String> spf = records(ask(domain, Type.TXT), TXTRecord.class).stream().map(DnsDoctor::text)
            .filter(text -> text.toLowerCase(Locale.ROOT).startsWith("v=spf1")).collect(Collectors.toList());
        if (spf.isEmpty()) {
            add(Outcome.FAIL, "SPF", domain + " has no SPF record: receivers cannot tell this MSA may send for it", suggestion);
            return;
        }
        if (spf.size() > 1) {
            add(Outcome.FAIL, "SPF", domain + " has " + spf.size() + " SPF records, a permanent error (RFC 7208 4.5)", suggestion);
            return;
        }
        Set<String> terms = Set.of(spf.get(0).toLowerCase(Locale.ROOT).split("\\s+"));
        boolean covered = terms.contains("a:" + hostname) || addresses.stream().anyMatch(address ->
            terms.contains((address.getAddress().length == 4 ? "ip4:" : "ip6:") + address.getHostAddress()));
        if (covered) {
            add(Outcome.OK, "SPF", "\"" + spf.get(0) + "\" covers " + hostname, null);
        } else if (terms.stream().anyMatch(term -> term.startsWith("include:") || term.startsWith("redirect=")
                || term.equals("a") || term.equals("mx") || term.startsWith("+a") || term.startsWith("mx:"))) {
            add(Outcome.WARN, "SPF", "\"" + spf.get(0) + "\": not followed here (include, redirect, a, mx); make sure it "
                + "covers " + hostname, null);
        } else {
            add(Outcome.FAIL, "SPF", "\"" + spf.get(0) + "\" does not cover " + hostname, suggestion);
        }
    }

    private void dkim() {
        if (dkim.isEmpty()) {
            add(Outcome.WARN, "DKIM", "no key of " + domain + " in this node's folder (a cluster keeps it in the "
                + "database): compare the published record with the one the server logged", null);
            return;
        }
        dkim.forEach(this::dkim);
    }

    private void dkim(DkimKey key) {
        String check = key.algorithm() == DkimKey.Algorithm.RSA ? "DKIM" : "DKIM " + key.algorithm().keyType();
        String owner = key.selector() + "._domainkey." + domain;
        String expected;
        String publicKey;
        try {
            expected = key.publishedRecord(domain);
            publicKey = key.publicKey();
        } catch (GeneralSecurityException e) {
            add(Outcome.FAIL, check, "the key in use cannot be read: " + e.getMessage(), null);
            return;
        }
        List<String> published = records(ask(owner, Type.TXT), TXTRecord.class).stream().map(DnsDoctor::text)
            .collect(Collectors.toList());
        if (published.isEmpty()) {
            add(Outcome.FAIL, check, owner + " has no record: receivers cannot verify this MSA's signatures", expected.strip());
        } else if (published.stream().anyMatch(text -> text.replaceAll("\\s", "").contains("p=" + publicKey))) {
            add(Outcome.OK, check, owner + " publishes the key in use", null);
        } else {
            add(Outcome.FAIL, check, owner + " publishes another key than the one in use: signatures fail", expected.strip());
        }
    }

    private void dmarc() {
        List<String> dmarc = records(ask("_dmarc." + domain, Type.TXT), TXTRecord.class).stream().map(DnsDoctor::text)
            .filter(text -> text.startsWith("v=DMARC1")).collect(Collectors.toList());
        if (dmarc.isEmpty()) {
            add(Outcome.WARN, "DMARC", "_dmarc." + domain + " has no DMARC record: receivers apply their own policy",
                "_dmarc." + domain + ". IN TXT \"v=DMARC1; p=none; rua=mailto:postmaster@" + domain + "\"");
        } else {
            add(Outcome.OK, "DMARC", "\"" + dmarc.get(0) + "\"", null);
        }
    }

    /** As a receiving server with this bundle would validate this MSA's EHLO name from each of its addresses. */
    private void clientValidation(List<InetAddress> addresses) {
        if (addresses.isEmpty()) {
            return;
        }
        String csv = "_client._smtp." + hostname + ". IN SRV 1 0 0 " + hostname + ".";
        for (Profile profile : Profile.values()) {
            CsvResult result = new ClientValidator(dns, ValidatorSettings.defaults(profile)).validate(hostname, addresses.get(0));
            boolean pass = result.verdict() == Verdict.PASS;
            Outcome outcome = pass ? Outcome.OK : profile == Profile.CSV ? Outcome.FAIL : Outcome.WARN;
            add(outcome, profile.name(), hostname + " from " + addresses.get(0).getHostAddress() + ": "
                + result.verdict().name().toLowerCase(Locale.ROOT) + ", " + result.reason(),
                pass ? null : profile == Profile.CSV ? csv : null);
        }
    }

    private void reverseDns(List<InetAddress> addresses) {
        for (InetAddress address : addresses) {
            Name reverse = ReverseMap.fromAddress(address);
            List<String> names = records(ask(reverse.toString(), Type.PTR), PTRRecord.class).stream()
                .map(ptr -> name(ptr.getTarget())).collect(Collectors.toList());
            if (names.contains(hostname)) {
                add(Outcome.OK, "reverse DNS", address.getHostAddress() + " is " + hostname + ", forward-confirmed", null);
            } else {
                add(Outcome.FAIL, "reverse DNS", address.getHostAddress() + (names.isEmpty() ? " has no PTR record"
                    : " is " + String.join(", ", names) + ", not " + hostname) + ": receivers distrust such senders",
                    reverse + " IN PTR " + hostname + ".  (asked of whoever holds the address)");
            }
        }
    }

    /** RFC 6186: mail clients find the submission service of the domain. */
    private void submissionRecords() {
        for (Map.Entry<String, Integer> service : List.of(Map.entry("_submission._tcp.", 587), Map.entry("_submissions._tcp.", 465))) {
            String owner = service.getKey() + domain;
            List<SRVRecord> srv = records(ask(owner, Type.SRV), SRVRecord.class);
            boolean right = srv.stream().anyMatch(r -> name(r.getTarget()).equals(hostname) && r.getPort() == service.getValue());
            if (right) {
                add(Outcome.OK, "RFC 6186", owner + " points at " + hostname + ":" + service.getValue(), null);
            } else {
                add(Outcome.WARN, "RFC 6186", owner + (srv.isEmpty() ? " has no record" : " does not point at " + hostname
                    + ":" + service.getValue()) + ": mail clients cannot find the service by themselves",
                    owner + ". IN SRV 0 1 " + service.getValue() + " " + hostname + ".");
            }
        }
    }

    private void certificate() {
        if (certificate.isEmpty() || !Files.isReadable(certificate.get())) {
            add(Outcome.FAIL, "certificate", "no certificate to check (MSA_TLS_CERT, or MSA_HOME/tls/cert.pem)", null);
            return;
        }
        X509Certificate cert;
        try (InputStream in = Files.newInputStream(certificate.get())) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | CertificateException e) {
            add(Outcome.FAIL, "certificate", certificate.get() + " cannot be read: " + e.getMessage(), null);
            return;
        }
        List<String> names = subjectNames(cert);
        boolean named = names.stream().anyMatch(this::matchesHost);
        add(named ? Outcome.OK : Outcome.FAIL, "certificate", (named ? "names " : "does not name ") + hostname
            + " (" + String.join(", ", names) + ")", null);
        long days = Duration.between(clock.instant(), cert.getNotAfter().toInstant()).toDays();
        Instant notAfter = cert.getNotAfter().toInstant();
        Outcome expiry = notAfter.isBefore(clock.instant()) ? Outcome.FAIL
            : days < CERTIFICATE_WARNING_DAYS ? Outcome.WARN : Outcome.OK;
        add(expiry, "certificate", expiry == Outcome.FAIL ? "expired on " + notAfter : "expires in " + days + " days (" + notAfter + ")", null);
        if (cert.getIssuerX500Principal().equals(cert.getSubjectX500Principal())) {
            add(Outcome.WARN, "certificate", "self-signed: mail clients will not trust it without an exception", null);
        }
    }

    /** The name itself, or a wildcard standing for the host name's first label. */
    private boolean matchesHost(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.equals(hostname) || lower.startsWith("*.") && hostname.substring(hostname.indexOf('.')).equals(lower.substring(1));
    }

    private static List<String> subjectNames(X509Certificate cert) {
        try {
            Collection<List<?>> alternatives = cert.getSubjectAlternativeNames();
            if (alternatives != null) {
                return alternatives.stream().filter(entry -> Integer.valueOf(2).equals(entry.get(0)))
                    .map(entry -> String.valueOf(entry.get(1))).collect(Collectors.toList());
            }
        } catch (CertificateParsingException e) {
            // the subject's CN below
        }
        return List.of(cert.getSubjectX500Principal().getName());
    }
}
