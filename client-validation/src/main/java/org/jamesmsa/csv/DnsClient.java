package org.jamesmsa.csv;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.xbill.DNS.Address;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import org.xbill.DNS.DClass;

/**
 * The {@link DnsLookup} of the bundle: sends queries with dnsjava to the configured resolvers (dnsjava retries over
 * TCP when an answer is truncated), waits no longer than the validation's budget, and caches what the TTLs allow.
 * One instance, and so one cache, serves every listener.
 */
public final class DnsClient implements DnsLookup {
    private final Resolver resolver;
    private final Duration queryTimeout;
    private final DnsCache cache;

    public DnsClient(List<InetSocketAddress> servers, Duration queryTimeout, DnsCache cache) {
        List<InetSocketAddress> targets = servers.isEmpty() ? ResolverConfig.getCurrentConfig().servers() : servers;
        List<Resolver> resolvers = new ArrayList<>();
        for (InetSocketAddress server : targets) {
            SimpleResolver simple = new SimpleResolver(server);
            simple.setTimeout(queryTimeout);
            resolvers.add(simple);
        }
        if (resolvers.size() == 1) {
            this.resolver = resolvers.get(0);
        } else {
            ExtendedResolver extended = new ExtendedResolver(resolvers);
            extended.setTimeout(queryTimeout);
            extended.setRetries(1);
            this.resolver = extended;
        }
        this.queryTimeout = queryTimeout;
        this.cache = cache;
    }

    /**
     * Parses resolvers given as {@code ip[:port]}, {@code [ipv6]:port} or a bare IPv6 address, separated by commas.
     * Names are refused: finding the resolver must not need a resolver.
     *
     * @throws IllegalArgumentException naming the entry that is wrong
     */
    public static List<InetSocketAddress> parseServers(String list) {
        List<InetSocketAddress> servers = new ArrayList<>();
        if (list == null || list.isBlank()) {
            return servers;
        }
        for (String raw : list.split(",")) {
            String entry = raw.strip();
            String host = entry;
            int port = 53;
            if (entry.startsWith("[")) {
                int close = entry.indexOf(']');
                if (close < 0) {
                    throw new IllegalArgumentException("DNS server '" + entry + "' has an unterminated [");
                }
                host = entry.substring(1, close);
                String rest = entry.substring(close + 1);
                if (!rest.isEmpty()) {
                    port = port(entry, rest.startsWith(":") ? rest.substring(1) : rest);
                }
            } else if (entry.chars().filter(c -> c == ':').count() == 1) {
                host = entry.substring(0, entry.indexOf(':'));
                port = port(entry, entry.substring(entry.indexOf(':') + 1));
            }
            InetAddress address;
            try {
                address = Address.getByAddress(host);
            } catch (java.net.UnknownHostException e) {
                throw new IllegalArgumentException("DNS server '" + entry + "' is not an IP address with an optional :port");
            }
            servers.add(new InetSocketAddress(address, port));
        }
        return servers;
    }

    private static int port(String entry, String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("DNS server '" + entry + "' has port '" + text + "'; allowed: 1 to 65535");
    }

    /** One query, answered from the cache when the TTL allows. */
    @Override
    public DnsAnswer query(Name name, int type, QueryBudget budget) {
        String key = name.toString().toLowerCase(java.util.Locale.ROOT) + "/" + Type.string(type);
        Optional<DnsAnswer> cached = cache.get(key);
        if (cached.isPresent()) {
            return cached.get();
        }
        Optional<Duration> timeout = budget.nextQueryTimeout(queryTimeout);
        if (!timeout.isPresent()) {
            return DnsAnswer.error(budget.exhausted());
        }
        budget.countQuery();
        DnsAnswer answer = send(Message.newQuery(Record.newRecord(name, type, DClass.IN)), name, type, timeout.get());
        cache.put(key, answer);
        return answer;
    }

    private DnsAnswer send(Message query, Name name, int type, Duration timeout) {
        String what = Type.string(type) + " " + name;
        CompletableFuture<Message> future = resolver.sendAsync(query).toCompletableFuture();
        Message response;
        try {
            response = future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return DnsAnswer.error(what + " timed out after " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof java.net.PortUnreachableException) {
                return DnsAnswer.error(what + " failed: DNS server unreachable (no one listens on its port)");
            }
            return DnsAnswer.error(what + " failed: " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DnsAnswer.error(what + " interrupted");
        } catch (RuntimeException e) {
            return DnsAnswer.error(what + " failed: " + e);
        }
        int rcode = response.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            return new DnsAnswer(DnsAnswer.Status.NOT_FOUND, List.of(), List.of(), negativeTtl(response), "NXDOMAIN");
        }
        if (rcode != Rcode.NOERROR) {
            return DnsAnswer.error(what + " answered " + Rcode.string(rcode));
        }
        List<Record> answers = response.getSection(Section.ANSWER);
        if (answers.isEmpty()) {
            return new DnsAnswer(DnsAnswer.Status.NOT_FOUND, List.of(), List.of(), negativeTtl(response), "no data");
        }
        long ttl = answers.stream().mapToLong(Record::getTTL).min().orElse(0);
        return new DnsAnswer(DnsAnswer.Status.FOUND, answers, response.getSection(Section.ADDITIONAL), ttl, "answered");
    }

    /** RFC 2308 section 5: the smaller of the SOA's TTL and its MINIMUM field; nothing cached without a SOA. */
    private static long negativeTtl(Message response) {
        return response.getSection(Section.AUTHORITY).stream()
            .filter(SOARecord.class::isInstance)
            .map(SOARecord.class::cast)
            .mapToLong(soa -> Math.min(soa.getTTL(), soa.getMinimum()))
            .findFirst()
            .orElse(0);
    }

}
