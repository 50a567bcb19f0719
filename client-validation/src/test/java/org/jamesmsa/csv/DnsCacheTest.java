package org.jamesmsa.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.jamesmsa.testdns.ZoneDnsExtension;
import org.jamesmsa.testdns.ZoneDnsServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/** TTLs of the zone: records 300 s; negative answers min(SOA TTL 300, SOA minimum 60) = 60 s (RFC 2308). */
class DnsCacheTest {
    @RegisterExtension
    static final ZoneDnsExtension DNS = new ZoneDnsExtension("example.test");
    MutableClock clock;
    DnsClient client;

    @BeforeEach
    void freshCache() {
        clock = new MutableClock();
        client = new DnsClient(DnsClient.parseServers(DNS.server().address()), Duration.ofMillis(500), new DnsCache(100, 86400, clock));
    }

    private int queriesFor(String name, int type) throws Exception {
        QueryBudget budget = new QueryBudget(Duration.ofSeconds(2));
        client.query(Name.fromString(name), type, budget);
        return budget.queries();
    }

    @Test
    void positiveAnswerIsKeptForItsTtl() throws Exception {
        assertThat(queriesFor("pass.example.test.", Type.A)).isEqualTo(1);
        clock.advance(Duration.ofSeconds(299));
        assertThat(queriesFor("pass.example.test.", Type.A)).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(queriesFor("pass.example.test.", Type.A)).isEqualTo(1);
    }

    @Test
    void negativeAnswerIsKeptForTheSoaMinimum() throws Exception {
        assertThat(queriesFor("missing.example.test.", Type.A)).isEqualTo(1);
        clock.advance(Duration.ofSeconds(59));
        assertThat(queriesFor("missing.example.test.", Type.A)).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(queriesFor("missing.example.test.", Type.A)).isEqualTo(1);
    }

    @Test
    void noDataAnswerIsCachedToo() throws Exception {
        assertThat(queriesFor("pass.example.test.", Type.MX)).isEqualTo(1);
        assertThat(queriesFor("pass.example.test.", Type.MX)).isZero();
    }

    @Test
    void failuresAreNotCached() throws Exception {
        String broken = "host." + ZoneDnsServer.SERVFAIL + ".example.test.";
        assertThat(queriesFor(broken, Type.A)).isEqualTo(1);
        assertThat(queriesFor(broken, Type.A)).isEqualTo(1);
    }

    @Test
    void ttlIsCappedByTheConfiguredMaximum() throws Exception {
        client = new DnsClient(DnsClient.parseServers(DNS.server().address()), Duration.ofMillis(500), new DnsCache(100, 10, clock));
        queriesFor("pass.example.test.", Type.A);
        clock.advance(Duration.ofSeconds(10));
        assertThat(queriesFor("pass.example.test.", Type.A)).isEqualTo(1);
    }

    @Test
    void leastRecentlyUsedEntryGoesWhenFull() throws Exception {
        client = new DnsClient(DnsClient.parseServers(DNS.server().address()), Duration.ofMillis(500), new DnsCache(2, 3600, clock));
        queriesFor("pass.example.test.", Type.A);
        queriesFor("zero.example.test.", Type.A);
        queriesFor("pass.example.test.", Type.A);
        queriesFor("twice.example.test.", Type.A);

        assertThat(queriesFor("pass.example.test.", Type.A)).isZero();
        assertThat(queriesFor("zero.example.test.", Type.A)).isEqualTo(1);
    }
}
