package org.jamesmsa.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Set;

import org.jamesmsa.testdns.ZoneDnsExtension;
import org.jamesmsa.testdns.ZoneDnsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The CSV profile (draft-crocker-marid-smtp-validate-00) against a zone-file DNS server on loopback. */
class CsvProfileTest {
    @RegisterExtension
    static final ZoneDnsExtension DNS = new ZoneDnsExtension("example.test", "0.0.127.in-addr.arpa", "trusted.test", "ip6.arpa");

    private static ClientValidator validator(ValidatorSettings settings) {
        return TestValidators.validator(DNS.server(), settings);
    }

    private static CsvResult validate(String name, String clientIp) throws Exception {
        return validator(ValidatorSettings.defaults(Profile.CSV)).validate(name, InetAddress.getByName(clientIp));
    }

    @Test
    void authorizedNameWithForwardConfirmedReverseDnsPassesInThreeQueries() throws Exception {
        CsvResult result = validate("pass.example.test", "127.0.0.2");

        assertThat(result.verdict()).as(result.reason()).isEqualTo(Verdict.PASS);
        assertThat(result.reason()).contains("forward-confirmed");
        assertThat(result.validatedName()).contains("pass.example.test");
        assertThat(result.dnsQueries()).isEqualTo(3);
        assertThat(DNS.server().queryLog()).containsExactly("UDP SRV _client._smtp.pass.example.test.",
            "UDP PTR 2.0.0.127.in-addr.arpa.", "UDP A pass.example.test.");
    }

    @Test
    void warmCacheAsksNothing() throws Exception {
        ClientValidator validator = validator(ValidatorSettings.defaults(Profile.CSV));
        validator.validate("pass.example.test", InetAddress.getByName("127.0.0.2"));
        DNS.server().clearLog();

        CsvResult again = validator.validate("pass.example.test", InetAddress.getByName("127.0.0.2"));

        assertThat(again.verdict()).as(again.reason()).isEqualTo(Verdict.PASS);
        assertThat(again.dnsQueries()).isZero();
        assertThat(DNS.server().queryLog()).isEmpty();
    }

    @Test
    void mixedCaseNameIsTheSameName() throws Exception {
        CsvResult result = validate("PaSS.Example.TEST", "127.0.0.2");

        assertThat(result.verdict()).as(result.reason()).isEqualTo(Verdict.PASS);
        assertThat(result.validatedName()).contains("pass.example.test");
    }

    @Test
    void ipv6ClientIsCheckedThroughIp6ArpaAndAaaa() throws Exception {
        CsvResult result = validate("pass.example.test", "::1");

        assertThat(result.verdict()).as(result.reason()).isEqualTo(Verdict.PASS);
        assertThat(DNS.server().queryLog()).contains("UDP AAAA pass.example.test.");
    }

    @Test
    void ipv4MappedClientIsAnIpv4Client() throws Exception {
        InetAddress mapped = InetAddress.getByAddress(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 2});

        CsvResult result = validator(ValidatorSettings.defaults(Profile.CSV)).validate("pass.example.test", mapped);

        assertThat(result.verdict()).as(result.reason()).isEqualTo(Verdict.PASS);
    }

    @Test
    void priorityTwoIsProhibitedWithoutLookingFurther() throws Exception {
        CsvResult result = validate("prohibited.example.test", "127.0.0.3");

        assertThat(result.verdict()).as(result.reason()).isEqualTo(Verdict.PROHIBITED);
        assertThat(result.reason()).contains("SRV priority 2");
        assertThat(result.validatedName()).isEmpty();
        assertThat(result.dnsQueries()).isEqualTo(1);
    }

    @Test
    void noSrvRecordIsNoStatement() throws Exception {
        CsvResult result = validate("nosrv.example.test", "127.0.0.4");

        assertThat(result.verdict()).as(result.reason()).isEqualTo(Verdict.NONE);
        assertThat(result.reason()).contains("no _client._smtp.nosrv.example.test. SRV record");
        assertThat(result.dnsQueries()).isEqualTo(1);
    }

    @Test
    void priorityZeroIsNoStatement() throws Exception {
        CsvResult result = validate("zero.example.test", "127.0.0.5");

        assertThat(result.verdict()).as(result.reason()).isEqualTo(Verdict.NONE);
        assertThat(result.reason()).contains("priority 0");
    }

    @Test
    void twoRecordsAreAnInvalidRegistration() throws Exception {
        CsvResult result = validate("twice.example.test", "127.0.0.6");

        assertThat(result.verdict()).as(result.reason()).isEqualTo(Verdict.FAIL);
        assertThat(result.reason()).contains("invalid registration: 2 SRV records");
    }

    @Test
    void targetOtherThanTheNameIsAnInvalidRegistration() throws Exception {
        CsvResult result = validate("elsewhere.example.test", "127.0.0.7");

        assertThat(result.verdict()).as(result.reason()).isEqualTo(Verdict.FAIL);
        assertThat(result.reason()).contains("SRV target other.example.test. is not elsewhere.example.test");
    }

    @Test
    void nonZeroWeightIsAnInvalidRegistration() throws Exception {
        CsvResult result = validate("weighted.example.test", "127.0.0.8");

        assertThat(result.verdict()).as(result.reason()).isEqualTo(Verdict.FAIL);
        assertThat(result.reason()).contains("weight 5");
    }

    @Test
    void cnameAtTheSrvNameIsAnInvalidRegistration() throws Exception {
        CsvResult result = validate("aliased.example.test", "127.0.0.2");

        assertThat(result.verdict()).as(result.reason()).isEqualTo(Verdict.FAIL);
        assertThat(result.reason()).contains("is a CNAME");
    }

    @Test
    void reverseNameWithoutMatchingForwardRecordFails() throws Exception {
        CsvResult result = validate("unconfirmed.example.test", "127.0.0.9");

        assertThat(result.verdict()).as(result.reason()).isEqualTo(Verdict.FAIL);
        assertThat(result.reason()).contains("not forward-confirmed");
    }

    @Test
    void nameThatIsNotTheReverseNameFailsEvenWhenItsAddressMatches() throws Exception {
        CsvResult result = validate("impostor.example.test", "127.0.0.2");

        assertThat(result.verdict()).as(result.reason()).isEqualTo(Verdict.FAIL);
        assertThat(result.reason()).contains("reverse DNS of 127.0.0.2 is pass.example.test.");
    }

    @Test
    void authorizedNameUsedFromAnotherAddressFails() throws Exception {
        assertThat(validate("pass.example.test", "127.0.0.3")).extracting(CsvResult::verdict).isEqualTo(Verdict.FAIL);
    }

    @Test
    void addressWithoutReverseDnsFails() throws Exception {
        CsvResult result = validate("noptr.example.test", "127.0.0.13");

        assertThat(result.verdict()).as(result.reason()).isEqualTo(Verdict.FAIL);
        assertThat(result.reason()).isEqualTo("no reverse DNS name for 127.0.0.13");
    }

    @Test
    void forwardRecordsReachedThroughACnameChainAreFollowed() throws Exception {
        CsvResult result = validate("chained.example.test", "127.0.0.11");

        assertThat(result.verdict()).as(result.reason()).isEqualTo(Verdict.PASS);
    }

    @Test
    void cnameLoopFailsWithItsReason() throws Exception {
        CsvResult result = validate("loop1.example.test", "127.0.0.12");

        assertThat(result.verdict()).as(result.reason()).isEqualTo(Verdict.FAIL);
        assertThat(result.reason()).contains("CNAME loop");
    }

    @Test
    void wellKnownDomainNeedsOnlyForwardRecords() throws Exception {
        ValidatorSettings settings = new ValidatorSettings(Profile.CSV, Set.of("Trusted.Test"),
            ValidatorSettings.DEFAULT_BUDGET, 5, true);

        CsvResult result = validator(settings).validate("mx1.trusted.test", InetAddress.getByName("127.0.0.10"));

        assertThat(result.verdict()).as(result.reason()).isEqualTo(Verdict.PASS);
        assertThat(result.reason()).contains("well-known domain");
        assertThat(DNS.server().queryLog()).noneMatch(query -> query.contains("PTR"));
    }

    @Test
    void sameNameOutsideTheWellKnownListNeedsReverseDns() throws Exception {
        CsvResult result = validate("mx1.trusted.test", "127.0.0.10");

        assertThat(result.verdict()).as(result.reason()).isEqualTo(Verdict.FAIL);
        assertThat(result.reason()).contains("no reverse DNS");
    }

    @Test
    void oversizedAnswerIsReadOverTcpAndRefusedAsInvalid() throws Exception {
        CsvResult result = validate("huge.example.test", "127.0.0.2");

        assertThat(result.verdict()).as(result.reason()).isEqualTo(Verdict.FAIL);
        assertThat(result.reason()).contains("100 SRV records");
        assertThat(DNS.server().tcpQueries()).as("retried over TCP after a truncated UDP answer").isEqualTo(1);
        assertThat(DNS.server().queryLog()).containsExactly("UDP SRV _client._smtp.huge.example.test.",
            "TCP SRV _client._smtp.huge.example.test.");
    }

    @Test
    void servfailIsATemporaryError() throws Exception {
        CsvResult result = validate("host." + ZoneDnsServer.SERVFAIL + ".example.test", "127.0.0.2");

        assertThat(result.verdict()).as(result.reason()).isEqualTo(Verdict.TEMPERROR);
        assertThat(result.reason()).contains("SERVFAIL");
    }

    @Test
    void unparsableAnswerIsATemporaryError() throws Exception {
        CsvResult result = validate("host." + ZoneDnsServer.GARBAGE + ".example.test", "127.0.0.2");

        assertThat(result.verdict()).as(result.reason()).isEqualTo(Verdict.TEMPERROR);
        assertThat(result.reason()).contains("failed");
    }

    @Test
    void answerOfTheWrongTypesIsNoRecord() throws Exception {
        CsvResult result = validate("host." + ZoneDnsServer.WRONG_TYPE + ".example.test", "127.0.0.2");

        assertThat(result.verdict()).as(result.reason()).isEqualTo(Verdict.NONE);
    }

    @Test
    void silentServerGivesATemporaryErrorWithinTheBudget() throws Exception {
        ValidatorSettings settings = new ValidatorSettings(Profile.CSV, Set.of(), Duration.ofMillis(300), 5, true);

        CsvResult result = validator(settings).validate("host." + ZoneDnsServer.TIMEOUT + ".example.test",
            InetAddress.getByName("127.0.0.2"));

        assertThat(result.verdict()).as(result.reason()).isEqualTo(Verdict.TEMPERROR);
        assertThat(result.reason()).contains("SRV _client._smtp.host.dns-timeout.example.test. timed out after");
    }

    @Test
    void budgetSpentOnOneQueryLeavesNothingForTheNext() throws Exception {
        // PTR of 127.0.0.14 names a host under dns-timeout: the SRV query itself gets no answer
        ValidatorSettings settings = new ValidatorSettings(Profile.CSV, Set.of(), Duration.ofMillis(250), 5, true);

        CsvResult result = validator(settings).validate("slow." + ZoneDnsServer.TIMEOUT + ".example.test",
            InetAddress.getByName("127.0.0.14"));

        assertThat(result.verdict()).as(result.reason()).isEqualTo(Verdict.TEMPERROR);
        assertThat(result.dnsQueries()).isEqualTo(1);
    }

    @Test
    void unreachableResolverIsATemporaryError() throws Exception {
        int closedPort;
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            closedPort = probe.getLocalPort();
        }
        DnsClient client = new DnsClient(DnsClient.parseServers("127.0.0.1:" + closedPort), Duration.ofMillis(300),
            new DnsCache(10, 60, new MutableClock()));

        CsvResult result = new ClientValidator(client, ValidatorSettings.defaults(Profile.CSV))
            .validate("pass.example.test", InetAddress.getByName("127.0.0.2"));

        assertThat(result.verdict()).as(result.reason()).isEqualTo(Verdict.TEMPERROR);
        assertThat(result.reason()).contains("DNS server unreachable");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "localhost", "a..b.example.test", "-bad.example.test", "bad-.example.test",
        "under_score.example.test", "trailing.example.test.", "exämple.test", "a b.example.test", "tab\tname.test",
        "[127.0.0.2]", "127.0.0.2", "[IPv6:::1]", "::1", "[300.1.1.1]", "[127.0.0.2", "[IPv6:zz::1]", "999.1.1.1",
        "x.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.test", "%00.example.test",
        "crlf\r\ninjection.test"})
    void namesThatCannotBeValidatedFailWithoutAnyQuery(String name) throws Exception {
        CsvResult result = validate(name, "127.0.0.2");

        assertThat(result.verdict()).as(result.reason()).isEqualTo(Verdict.FAIL);
        assertThat(result.dnsQueries()).isZero();
        assertThat(DNS.server().queryLog()).isEmpty();
        assertThat(result.reason()).doesNotContain("\r", "\n");
    }

    @Test
    void overlongNameFailsWithoutAnyQuery() throws Exception {
        CsvResult result = validate(("a".repeat(60) + ".").repeat(5) + "test", "127.0.0.2");

        assertThat(result.verdict()).as(result.reason()).isEqualTo(Verdict.FAIL);
        assertThat(result.reason()).contains("longer than 253");
        assertThat(DNS.server().queryLog()).isEmpty();
    }
}
