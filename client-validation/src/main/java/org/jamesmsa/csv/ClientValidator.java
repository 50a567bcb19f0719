package org.jamesmsa.csv;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.xbill.DNS.ARecord;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Client SMTP Validation of the name a client asserts in HELO/EHLO.
 *
 * <h2>CSV profile (draft-crocker-marid-smtp-validate-00)</h2>
 * Readings chosen where the draft leaves room:
 * <ul>
 *   <li>The SRV record is looked up first: without one "there is no statement about authorization" (3.2.1) and
 *   the mechanism is "only enabled by the explicit presence of the defined SRV record" (5.3), so a name without
 *   a record costs one query, not three.</li>
 *   <li>Priority 2 (prohibited) is reported without checking the association: the owner forbids the name for
 *   SMTP clients, whoever uses it.</li>
 *   <li>A registration is invalid (fail) when there is more than one record (3.3.1 "MUST be no more than one"),
 *   when its target differs from the name (8, "MUST be the same"), when its weight is not 0 (7), or when
 *   {@code _client._smtp.<name>} is a CNAME (the record describes the name itself, not a mapping).</li>
 *   <li>Association (HNAA, 3.2): one of the PTR names of the address equals the EHLO name and the name's A (IPv4
 *   client) or AAAA (IPv6 client) records hold the address. For names at or under an operator-listed well-known
 *   domain (3.2.2), the forward records alone suffice.</li>
 *   <li>Address literals and bare addresses are not names: fail, with no query.</li>
 * </ul>
 *
 * <h2>CSA profile (draft-ietf-marid-csv-csa-02, as Exim applies it)</h2>
 * Priority must be 1 (version); weight 0 or 1 = not authorized (reported as prohibited), 2 = authorized if the
 * target's addresses hold the client's (else fail), 3 = unknown (none); a target of "." has no address (fail).
 * Without a record, parent domains are searched from the second level down, at most {@code csaSearchLimit} of
 * them; a version-1 record with port bit 1 there means "explicit authorization required" (fail). Reverse names
 * (address literals) are searched by octet (in-addr.arpa) or 16-bit group (ip6.arpa), at most 3 levels.
 *
 * <p>Both profiles: DNS timeouts, SERVFAIL, malformed answers and an exhausted budget give temperror; CNAME
 * loops and overlong chains give fail. No exception escapes {@link #validate}.</p>
 */
public final class ClientValidator {
    private static final String CLIENT_SMTP = "_client._smtp";
    private static final int CSA_REVERSE_SEARCH_LIMIT = 3;

    private final DnsLookup dns;
    private final ValidatorSettings settings;

    public ClientValidator(DnsLookup dns, ValidatorSettings settings) {
        this.dns = dns;
        this.settings = settings;
    }

    public ValidatorSettings settings() {
        return settings;
    }

    public CsvResult validate(String asserted, InetAddress client) {
        QueryBudget budget = new QueryBudget(settings.budget());
        try {
            InetAddress address = Addresses.unmapped(client);
            EhloName name = EhloName.parse(asserted);
            return settings.profile() == Profile.CSV ? csv(name, address, budget) : csa(name, address, budget);
        } catch (RuntimeException e) {
            return CsvResult.of(Verdict.TEMPERROR, "validation failed unexpectedly: " + e, budget.queries());
        }
    }

    // ---------------------------------------------------------------------------------------------- CSV

    private CsvResult csv(EhloName domain, InetAddress client, QueryBudget budget) {
        if (domain.kind() == EhloName.Kind.INVALID) {
            return CsvResult.of(Verdict.FAIL, "not a domain name: " + domain.reason(), 0);
        }
        if (domain.kind() == EhloName.Kind.ADDRESS) {
            return CsvResult.of(Verdict.FAIL, "an address is not a name CSV can validate", 0);
        }
        Name srvName = clientSmtpName(domain.dnsName());
        DnsAnswer answer = dns.query(srvName, Type.SRV, budget);
        if (answer.isError()) {
            return CsvResult.of(Verdict.TEMPERROR, answer.detail(), budget.queries());
        }
        if (answer.records().stream().anyMatch(r -> r.getType() == Type.CNAME && r.getName().equals(srvName))) {
            return CsvResult.of(Verdict.FAIL, "invalid registration: " + srvName + " is a CNAME", budget.queries());
        }
        List<SRVRecord> records = srvRecords(answer.records(), srvName);
        if (records.isEmpty()) {
            return CsvResult.of(Verdict.NONE, "no " + srvName + " SRV record: no statement", budget.queries());
        }
        if (records.size() > 1) {
            return CsvResult.of(Verdict.FAIL, "invalid registration: " + records.size() + " SRV records at " + srvName
                + " (at most one allowed)", budget.queries());
        }
        SRVRecord record = records.get(0);
        if (!record.getTarget().equals(domain.dnsName())) {
            return CsvResult.of(Verdict.FAIL, "invalid registration: SRV target " + record.getTarget()
                + " is not " + domain.name(), budget.queries());
        }
        if (record.getWeight() != 0) {
            return CsvResult.of(Verdict.FAIL, "invalid registration: SRV weight " + record.getWeight() + " (must be 0)",
                budget.queries());
        }
        if (record.getPriority() == 2) {
            return CsvResult.of(Verdict.PROHIBITED, domain.name() + " is prohibited from acting as an SMTP client (SRV priority 2)",
                budget.queries());
        }
        if (record.getPriority() != 1) {
            return CsvResult.of(Verdict.NONE, "SRV priority " + record.getPriority() + " makes no statement", budget.queries());
        }
        return associate(domain, client, budget);
    }

    /** HNAA: is the client's address associated with the name? */
    private CsvResult associate(EhloName domain, InetAddress client, QueryBudget budget) {
        String ip = client.getHostAddress();
        if (settings.isWellKnown(domain.name())) {
            return unlessAddressOf(domain.dnsName(), client, budget, "").orElseGet(() -> CsvResult.pass(domain.name(),
                "authorized and " + ip + " is an address of " + domain.name() + " (well-known domain)", budget.queries()));
        }
        DnsAnswer reverse = dns.resolve(ReverseMap.fromAddress(client), Type.PTR, budget);
        switch (reverse.status()) {
            case ERROR:
                return CsvResult.of(Verdict.TEMPERROR, reverse.detail(), budget.queries());
            case NOT_FOUND:
                return CsvResult.of(Verdict.FAIL, "no reverse DNS name for " + ip, budget.queries());
            case BROKEN:
                return CsvResult.of(Verdict.FAIL, reverse.detail(), budget.queries());
            default:
                break;
        }
        boolean named = reverse.records().stream()
            .map(r -> ((PTRRecord) r).getTarget())
            .anyMatch(domain.dnsName()::equals);
        if (!named) {
            return CsvResult.of(Verdict.FAIL, "reverse DNS of " + ip + " is " + ((PTRRecord) reverse.records().get(0)).getTarget()
                + ", not " + domain.name(), budget.queries());
        }
        return unlessAddressOf(domain.dnsName(), client, budget, " (reverse DNS not forward-confirmed)")
            .orElseGet(() -> CsvResult.pass(domain.name(), "authorized and " + ip + " has forward-confirmed reverse DNS "
                + domain.name(), budget.queries()));
    }

    /**
     * Empty when the A (IPv4 client) or AAAA (IPv6 client) records of {@code name} hold the client's address;
     * otherwise the failing result, with {@code why} appended to its reason.
     */
    private Optional<CsvResult> unlessAddressOf(Name name, InetAddress client, QueryBudget budget, String why) {
        DnsAnswer forward = dns.resolve(name, addressType(client), budget);
        switch (forward.status()) {
            case FOUND:
                return addresses(forward.records()).contains(client)
                    ? Optional.empty()
                    : Optional.of(CsvResult.of(Verdict.FAIL, client.getHostAddress() + " is not an address of " + name + why,
                        budget.queries()));
            case NOT_FOUND:
                return Optional.of(CsvResult.of(Verdict.FAIL, name + " has no address" + why, budget.queries()));
            case BROKEN:
                return Optional.of(CsvResult.of(Verdict.FAIL, forward.detail(), budget.queries()));
            default:
                return Optional.of(CsvResult.of(Verdict.TEMPERROR, forward.detail(), budget.queries()));
        }
    }

    // ---------------------------------------------------------------------------------------------- CSA

    private CsvResult csa(EhloName asserted, InetAddress client, QueryBudget budget) {
        Name domain;
        String shown;
        if (asserted.kind() == EhloName.Kind.INVALID) {
            return CsvResult.of(Verdict.FAIL, "not a domain name: " + asserted.reason(), 0);
        } else if (asserted.kind() == EhloName.Kind.ADDRESS) {
            if (!settings.csaUseReverse()) {
                return CsvResult.of(Verdict.NONE, "address literal, and reverse CSA lookups are off", 0);
            }
            domain = ReverseMap.fromAddress(Addresses.unmapped(asserted.address()));
            shown = "[" + asserted.address().getHostAddress() + "]";
        } else {
            domain = asserted.dnsName();
            shown = asserted.name();
        }
        Name srvName = clientSmtpName(domain);
        DnsAnswer own = dns.resolve(srvName, Type.SRV, budget);
        switch (own.status()) {
            case ERROR:
                return CsvResult.of(Verdict.TEMPERROR, own.detail(), budget.queries());
            case BROKEN:
                return CsvResult.of(Verdict.FAIL, own.detail(), budget.queries());
            case NOT_FOUND:
                return csaParentSearch(domain, budget);
            default:
                return csaOwnRecords(shown, srvRecords(own.records(), null), own.additional(), client, budget);
        }
    }

    private CsvResult csaOwnRecords(String shown, List<SRVRecord> records, List<Record> additional, InetAddress client,
                                    QueryBudget budget) {
        for (SRVRecord record : records) {
            if (record.getPriority() != 1) {
                continue;
            }
            if (record.getWeight() < 2) {
                return CsvResult.of(Verdict.PROHIBITED, shown + " is not authorized to send mail (CSA weight "
                    + record.getWeight() + ")", budget.queries());
            }
            if (record.getWeight() > 2) {
                continue;
            }
            return csaAuthorizedTarget(shown, record.getTarget(), additional, client, budget);
        }
        return CsvResult.of(Verdict.NONE, "no CSA record of version 1 with a decision for " + shown, budget.queries());
    }

    private CsvResult csaAuthorizedTarget(String shown, Name target, List<Record> additional, InetAddress client,
                                          QueryBudget budget) {
        String ip = client.getHostAddress();
        if (target.equals(Name.root)) {
            return CsvResult.of(Verdict.FAIL, shown + " is authorized but its CSA target is '.': no address", budget.queries());
        }
        List<InetAddress> glue = addresses(additional.stream()
            .filter(r -> r.getType() == addressType(client) && r.getName().equals(target)).collect(Collectors.toList()));
        String authorized = "authorized by CSA and " + ip + " is an address of " + target;
        if (!glue.isEmpty()) {
            return glue.contains(client)
                ? CsvResult.pass(shown, authorized, budget.queries())
                : CsvResult.of(Verdict.FAIL, ip + " is not an address of " + target, budget.queries());
        }
        return unlessAddressOf(target, client, budget, "").orElseGet(() -> CsvResult.pass(shown, authorized, budget.queries()));
    }

    private CsvResult csaParentSearch(Name domain, QueryBudget budget) {
        for (Name parent : csaParentsLimited(domain)) {
            DnsAnswer records = dns.resolve(clientSmtpName(parent), Type.SRV, budget);
            if (records.isError()) {
                return CsvResult.of(Verdict.TEMPERROR, records.detail(), budget.queries());
            }
            if (records.status() != DnsAnswer.Status.FOUND) {
                continue;
            }
            boolean explicit = srvRecords(records.records(), null).stream()
                .anyMatch(r -> r.getPriority() == 1 && (r.getPort() & 1) == 1);
            if (explicit) {
                return CsvResult.of(Verdict.FAIL, "parent " + parent + " requires explicit CSA authorization of "
                    + domain + ", which has none", budget.queries());
            }
        }
        return CsvResult.of(Verdict.NONE, "no CSA record for " + domain + " or its parents", budget.queries());
    }

    /** Parent domains from the second level down (cache friendly, as Exim does), excluding the name itself. */
    static List<Name> csaParents(Name domain) {
        int labels = domain.labels() - 1; // without the root label
        String text = domain.toString(true).toLowerCase(java.util.Locale.ROOT);
        int limit;
        int step;
        int first;
        if (text.endsWith(".in-addr.arpa")) {
            first = 3;      // 1.in-addr.arpa: a /8
            step = 1;
            limit = CSA_REVERSE_SEARCH_LIMIT;
        } else if (text.endsWith(".ip6.arpa")) {
            first = 6;      // four nibbles + ip6.arpa: a /16
            step = 4;
            limit = CSA_REVERSE_SEARCH_LIMIT;
        } else {
            first = 2;
            step = 1;
            limit = Integer.MAX_VALUE;
        }
        java.util.ArrayList<Name> parents = new java.util.ArrayList<>();
        for (int keep = first; keep < labels && parents.size() < limit; keep += step) {
            parents.add(new Name(domain, labels - keep));
        }
        return parents;
    }

    private List<Name> csaParentsLimited(Name domain) {
        List<Name> all = csaParents(domain);
        return all.subList(0, Math.min(all.size(), settings.csaSearchLimit()));
    }

    // -------------------------------------------------------------------------------------------- helpers

    private static Name clientSmtpName(Name name) {
        try {
            return Name.fromString(CLIENT_SMTP, name);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("cannot build " + CLIENT_SMTP + "." + name, e);
        }
    }

    /** SRV records of the answer, of the given owner (or any owner when null). */
    private static List<SRVRecord> srvRecords(List<Record> records, Name owner) {
        return records.stream()
            .filter(SRVRecord.class::isInstance)
            .filter(r -> owner == null || r.getName().equals(owner))
            .map(SRVRecord.class::cast)
            .collect(Collectors.toList());
    }

    private static int addressType(InetAddress client) {
        return client instanceof Inet6Address ? Type.AAAA : Type.A;
    }

    private static List<InetAddress> addresses(List<Record> records) {
        return records.stream()
            .map(r -> r instanceof ARecord ? ((ARecord) r).getAddress()
                : r instanceof AAAARecord ? ((AAAARecord) r).getAddress() : null)
            .filter(java.util.Objects::nonNull)
            .collect(Collectors.toList());
    }
}
