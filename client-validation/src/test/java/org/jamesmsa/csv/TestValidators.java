package org.jamesmsa.csv;

import java.time.Duration;

import org.jamesmsa.testdns.ZoneDnsServer;

/** A validator asking the given test DNS server, with a cache of its own so that every test counts its queries. */
final class TestValidators {
    private TestValidators() {
    }

    static ClientValidator validator(ZoneDnsServer dns, ValidatorSettings settings) {
        DnsClient client = new DnsClient(DnsClient.parseServers(dns.address()), Duration.ofMillis(400),
            new DnsCache(1000, 3600, new MutableClock()));
        return new ClientValidator(client, settings);
    }
}
