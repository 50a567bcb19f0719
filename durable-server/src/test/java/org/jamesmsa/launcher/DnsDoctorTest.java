package org.jamesmsa.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.jamesmsa.csv.DnsCache;
import org.jamesmsa.csv.DnsClient;
import org.jamesmsa.testdns.ZoneDnsServer;
import org.jamesmsa.mailets.DkimKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The doctor against a DNS server answering real wire messages: a zone where everything is right (doctor.test) and one
 * where every record is missing or wrong (broken.test). The DKIM key and the certificate are the test's own files,
 * whose public halves the zone publishes.
 */
class DnsDoctorTest {
    private static final Path RESOURCES = Path.of("src/test/resources/doctor");
    /** Inside the certificate's validity (made 2026-12-03 for 825 days). */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2027-06-01T00:00:00Z"), ZoneOffset.UTC);
    private static ZoneDnsServer dns;

    @BeforeAll
    static void startDns() throws Exception {
        dns = ZoneDnsServer.start("doctor.test", "broken.test", "0.1.127.in-addr.arpa");
    }

    @AfterAll
    static void stopDns() {
        dns.close();
    }

    private static DkimKey key() throws Exception {
        return new DkimKey("msa1", Files.readString(RESOURCES.resolve("dkim.pem")));
    }

    private static List<DnsDoctor.Check> checks(String domain, String hostname, Clock clock) throws Exception {
        DnsClient client = new DnsClient(DnsClient.parseServers(dns.address()), Duration.ofSeconds(2), new DnsCache(100, 60, clock));
        return new DnsDoctor(client, domain, hostname, List.of(key()), Optional.of(RESOURCES.resolve("cert.pem")), clock).checks();
    }

    private static Map<String, List<DnsDoctor.Outcome>> outcomes(List<DnsDoctor.Check> checks) {
        return checks.stream().collect(Collectors.groupingBy(check -> check.name,
            Collectors.mapping(check -> check.outcome, Collectors.toList())));
    }

    @Test
    void aZoneThatIsRightPassesEveryCheck() throws Exception {
        List<DnsDoctor.Check> checks = checks("doctor.test", "mail.doctor.test", CLOCK);

        Map<String, List<DnsDoctor.Outcome>> outcomes = outcomes(checks);
        assertThat(outcomes).containsEntry("MX", List.of(DnsDoctor.Outcome.OK)).containsEntry("SPF", List.of(DnsDoctor.Outcome.OK))
            .containsEntry("DKIM", List.of(DnsDoctor.Outcome.OK)).containsEntry("DMARC", List.of(DnsDoctor.Outcome.OK))
            .containsEntry("CSV", List.of(DnsDoctor.Outcome.OK)).containsEntry("reverse DNS", List.of(DnsDoctor.Outcome.OK))
            .containsEntry("RFC 6186", List.of(DnsDoctor.Outcome.OK, DnsDoctor.Outcome.OK))
            .containsEntry("address", List.of(DnsDoctor.Outcome.OK));
        assertThat(outcomes.get("CSA")).as("the CSV form (weight 0) is not CSA's authorized form (weight 2)")
            .containsExactly(DnsDoctor.Outcome.WARN);
        assertThat(outcomes.get("certificate")).containsExactly(DnsDoctor.Outcome.OK, DnsDoctor.Outcome.OK, DnsDoctor.Outcome.WARN);
        assertThat(checks).noneMatch(check -> check.outcome == DnsDoctor.Outcome.FAIL);
    }

    @Test
    void aZoneWithEveryRecordMissingOrWrongFailsEachWithTheRecordToPublish() throws Exception {
        List<DnsDoctor.Check> checks = checks("broken.test", "mail.broken.test", CLOCK);
        String report = checks.stream().map(DnsDoctor.Check::toString).collect(Collectors.joining("\n"));

        Map<String, List<DnsDoctor.Outcome>> outcomes = outcomes(checks);
        assertThat(outcomes).as(report).containsEntry("MX", List.of(DnsDoctor.Outcome.FAIL))
            .containsEntry("SPF", List.of(DnsDoctor.Outcome.FAIL)).containsEntry("DKIM", List.of(DnsDoctor.Outcome.FAIL))
            .containsEntry("DMARC", List.of(DnsDoctor.Outcome.WARN)).containsEntry("CSV", List.of(DnsDoctor.Outcome.FAIL))
            .containsEntry("reverse DNS", List.of(DnsDoctor.Outcome.FAIL))
            .containsEntry("RFC 6186", List.of(DnsDoctor.Outcome.WARN, DnsDoctor.Outcome.WARN));
        assertThat(outcomes.get("certificate")).as("it names mail.doctor.test").startsWith(DnsDoctor.Outcome.FAIL);
        assertThat(report).contains("publish: broken.test. IN MX 10 mail.broken.test.",
            "publish: broken.test. IN TXT \"v=spf1 a:mail.broken.test -all\"",
            "publish: _client._smtp.mail.broken.test. IN SRV 1 0 0 mail.broken.test.",
            "publish: 41.0.1.127.in-addr.arpa. IN PTR mail.broken.test.",
            "publish: _submission._tcp.broken.test. IN SRV 0 1 587 mail.broken.test.",
            "publish: msa1._domainkey.broken.test. IN TXT ( \"v=DKIM1; k=rsa; p=" + key().publicKey().substring(0, 200),
            "127.1.0.41 is mail.elsewhere.example, not mail.broken.test");
    }

    @Test
    void aCertificateNearItsEndWarnsAndAnExpiredOneFails() throws Exception {
        Instant notAfter = Instant.parse("2029-03-07T00:00:00Z");
        assertThat(outcomes(checks("doctor.test", "mail.doctor.test", Clock.fixed(notAfter.minus(Duration.ofDays(10)), ZoneOffset.UTC)))
            .get("certificate")).containsExactly(DnsDoctor.Outcome.OK, DnsDoctor.Outcome.WARN, DnsDoctor.Outcome.WARN);
        assertThat(outcomes(checks("doctor.test", "mail.doctor.test", Clock.fixed(notAfter.plus(Duration.ofDays(1)), ZoneOffset.UTC)))
            .get("certificate")).containsExactly(DnsDoctor.Outcome.OK, DnsDoctor.Outcome.FAIL, DnsDoctor.Outcome.WARN);
    }

    @Test
    void theCommandPrintsOneLinePerCheckAndExitsOneWhenACheckFails() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = DnsDoctor.run(List.of("broken.test"), Map.of("MSA_HOSTNAME", "mail.broken.test", "MSA_DNS_SERVERS", dns.address(),
            "MSA_TLS_CERT", RESOURCES.resolve("cert.pem").toString()), new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("FAIL MX ", "check(s) failed for broken.test");
        assertThat(DnsDoctor.run(List.of(), Map.of(), new PrintStream(out), new PrintStream(err))).as("no MSA_HOSTNAME").isEqualTo(2);
    }
}
