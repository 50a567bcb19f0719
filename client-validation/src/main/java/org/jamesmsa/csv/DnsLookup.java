package org.jamesmsa.csv;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The DNS the validator asks: one query at a time, within the validation's budget. {@link DnsClient} is the
 * implementation (dnsjava and a TTL cache); a test or another resolver library implements {@link #query} alone.
 */
public interface DnsLookup {
    int MAX_CNAME_HOPS = 8;

    /**
     * One query for {@code type} records of {@code name}. A query that is sent counts against the budget
     * ({@link QueryBudget#countQuery()}); an answer from a cache does not. Never throws: failures are
     * {@link DnsAnswer.Status#ERROR} answers with their reason.
     */
    DnsAnswer query(Name name, int type, QueryBudget budget);

    /**
     * The records of {@code type} owned by {@code name}, following CNAMEs (in the same answer when the resolver
     * included the chain, by new queries otherwise) for at most {@value #MAX_CNAME_HOPS} hops. Records of other
     * types or owners in the answer are ignored.
     */
    default DnsAnswer resolve(Name name, int type, QueryBudget budget) {
        Set<Name> seen = new HashSet<>();
        Name current = name;
        DnsAnswer answer = query(name, type, budget);
        for (int hop = 0; hop <= MAX_CNAME_HOPS; hop++) {
            if (answer.isError()) {
                return answer;
            }
            if (answer.status() == DnsAnswer.Status.NOT_FOUND) {
                return DnsAnswer.of(DnsAnswer.Status.NOT_FOUND, Type.string(type) + " " + current + ": " + answer.detail());
            }
            seen.add(current);
            List<Record> records = owned(answer.records(), current, type);
            if (!records.isEmpty()) {
                return new DnsAnswer(DnsAnswer.Status.FOUND, records, answer.additional(), answer.ttlSeconds(), "answered");
            }
            List<Record> cnames = owned(answer.records(), current, Type.CNAME);
            if (cnames.isEmpty()) {
                return DnsAnswer.of(DnsAnswer.Status.NOT_FOUND, "no " + Type.string(type) + " record for " + current
                    + " in the answer");
            }
            current = ((CNAMERecord) cnames.get(0)).getTarget();
            if (seen.contains(current)) {
                return DnsAnswer.of(DnsAnswer.Status.BROKEN, "CNAME loop at " + current);
            }
            if (owned(answer.records(), current, type).isEmpty() && owned(answer.records(), current, Type.CNAME).isEmpty()) {
                answer = query(current, type, budget);
            }
        }
        return DnsAnswer.of(DnsAnswer.Status.BROKEN, "CNAME chain from " + name + " longer than " + MAX_CNAME_HOPS);
    }

    private static List<Record> owned(List<Record> records, Name owner, int type) {
        return records.stream().filter(r -> r.getType() == type && r.getName().equals(owner)).collect(Collectors.toList());
    }
}
