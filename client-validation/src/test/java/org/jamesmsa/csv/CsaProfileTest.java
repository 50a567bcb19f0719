package org.jamesmsa.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Set;

import org.jamesmsa.testdns.ZoneDnsExtension;
import org.jamesmsa.testdns.ZoneDnsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.Name;

/** The CSA profile (draft-ietf-marid-csv-csa-02, Exim's {@code verify = csa}) against a zone-file DNS server. */
class CsaProfileTest {
    @RegisterExtension
    static final ZoneDnsExtension DNS = new ZoneDnsExtension("example.test", "0.0.127.in-addr.arpa", "trusted.test", "ip6.arpa");

    private static CsvResult validate(ValidatorSettings settings, String name, String clientIp) throws Exception {
        return TestValidators.validator(DNS.server(), settings).validate(name, InetAddress.getByName(clientIp));
    }

    private static CsvResult validate(String name, String clientIp) throws Exception {
        return validate(ValidatorSettings.defaults(Profile.CSA), name, clientIp);
    }

    @Test
    void weightTwoWithTheClientAmongTheTargetsAddressesPasses() throws Exception {
        CsvResult result = validate("csaok.example.test", "127.0.0.2");

        assertThat(result.verdict()).as(result.reason()).isEqualTo(Verdict.PASS);
        assertThat(result.validatedName()).contains("csaok.example.test");
    }

    @Test
    void targetAddressFromTheAdditionalSectionSavesAQuery() throws Exception {
        CsvResult result = validate("csaglue.example.test", "127.0.0.2");

        assertThat(result.verdict()).as(result.reason()).isEqualTo(Verdict.PASS);
        assertThat(result.dnsQueries()).isEqualTo(1);
    }

    @Test
    void weightOneIsNotAuthorized() throws Exception {
        CsvResult result = validate("csadenied.example.test", "127.0.0.2");

        assertThat(result.verdict()).as(result.reason()).isEqualTo(Verdict.PROHIBITED);
        assertThat(result.reason()).contains("CSA weight 1");
    }

    @Test
    void clientOutsideTheTargetsAddressesFails() throws Exception {
        CsvResult result = validate("csamismatch.example.test", "127.0.0.2");

        assertThat(result.verdict()).as(result.reason()).isEqualTo(Verdict.FAIL);
        assertThat(result.reason()).contains("127.0.0.2 is not an address of csamismatch.example.test.");
    }

    @Test
    void weightThreeIsUnknown() throws Exception {
        assertThat(validate("csaunknown.example.test", "127.0.0.2")).extracting(CsvResult::verdict).isEqualTo(Verdict.NONE);
    }

    @Test
    void rootTargetHasNoAddress() throws Exception {
        CsvResult result = validate("csadot.example.test", "127.0.0.2");

        assertThat(result.verdict()).as(result.reason()).isEqualTo(Verdict.FAIL);
        assertThat(result.reason()).contains("'.'");
    }

    @Test
    void recordsOfAnotherVersionAreIgnored() throws Exception {
        assertThat(validate("csaversion2.example.test", "127.0.0.2")).extracting(CsvResult::verdict).isEqualTo(Verdict.NONE);
    }

    @Test
    void parentRequiringExplicitAuthorizationFailsASubdomainWithoutRecord() throws Exception {
        CsvResult result = validate("host.strict.example.test", "127.0.0.2");

        assertThat(result.verdict()).as(result.reason()).isEqualTo(Verdict.FAIL);
        assertThat(result.reason()).contains("parent strict.example.test. requires explicit CSA authorization");
        assertThat(DNS.server().queryLog()).containsExactly("UDP SRV _client._smtp.host.strict.example.test.",
            "UDP SRV _client._smtp.example.test.", "UDP SRV _client._smtp.strict.example.test.");
    }

    @Test
    void parentWithoutTheExplicitBitMakesNoAssertion() throws Exception {
        assertThat(validate("host.lax.example.test", "127.0.0.2")).extracting(CsvResult::verdict).isEqualTo(Verdict.NONE);
    }

    @Test
    void parentSearchStopsAtTheLimit() throws Exception {
        ValidatorSettings settings = new ValidatorSettings(Profile.CSA, Set.of(), ValidatorSettings.DEFAULT_BUDGET, 2, true);

        CsvResult result = validate(settings, "a.b.c.d.example.test", "127.0.0.2");

        assertThat(result.verdict()).as(result.reason()).isEqualTo(Verdict.NONE);
        assertThat(DNS.server().queryLog()).containsExactly("UDP SRV _client._smtp.a.b.c.d.example.test.",
            "UDP SRV _client._smtp.example.test.", "UDP SRV _client._smtp.d.example.test.");
    }

    @Test
    void addressLiteralIsCheckedThroughItsReverseName() throws Exception {
        CsvResult result = validate("[127.0.0.2]", "127.0.0.2");

        assertThat(result.verdict()).as(result.reason()).isEqualTo(Verdict.PASS);
        assertThat(DNS.server().queryLog()).first().isEqualTo("UDP SRV _client._smtp.2.0.0.127.in-addr.arpa.");
    }

    @Test
    void bareAddressIsTreatedLikeALiteral() throws Exception {
        assertThat(validate("127.0.0.2", "127.0.0.2")).extracting(CsvResult::verdict).isEqualTo(Verdict.PASS);
    }

    @Test
    void reverseLookupsCanBeTurnedOff() throws Exception {
        ValidatorSettings settings = new ValidatorSettings(Profile.CSA, Set.of(), ValidatorSettings.DEFAULT_BUDGET, 5, false);

        CsvResult result = validate(settings, "[127.0.0.2]", "127.0.0.2");

        assertThat(result.verdict()).as(result.reason()).isEqualTo(Verdict.NONE);
        assertThat(DNS.server().queryLog()).isEmpty();
    }

    @Test
    void dnsFailuresAreTemporaryErrors() throws Exception {
        assertThat(validate("host." + ZoneDnsServer.SERVFAIL + ".example.test", "127.0.0.2")).extracting(CsvResult::verdict).isEqualTo(Verdict.TEMPERROR);
        assertThat(validate("host." + ZoneDnsServer.GARBAGE + ".example.test", "127.0.0.2")).extracting(CsvResult::verdict).isEqualTo(Verdict.TEMPERROR);
    }

    @Test
    void invalidNameFailsWithoutQuery() throws Exception {
        CsvResult result = validate("not_a_name", "127.0.0.2");

        assertThat(result.verdict()).as(result.reason()).isEqualTo(Verdict.FAIL);
        assertThat(DNS.server().queryLog()).isEmpty();
    }

    @Test
    void reverseNamesAreSearchedByOctetOrSixteenBitGroup() throws Exception {
        assertThat(ClientValidator.csaParents(Name.fromString("4.3.2.1.in-addr.arpa.")))
            .extracting(Name::toString)
            .containsExactly("1.in-addr.arpa.", "2.1.in-addr.arpa.", "3.2.1.in-addr.arpa.");
        assertThat(ClientValidator.csaParents(Name.fromString(
            "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.")))
            .extracting(Name::toString)
            .containsExactly("1.0.0.2.ip6.arpa.", "8.b.d.0.1.0.0.2.ip6.arpa.", "0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.");
        assertThat(ClientValidator.csaParents(Name.fromString("a.b.example.org.")))
            .extracting(Name::toString)
            .containsExactly("example.org.", "b.example.org.");
    }
}
