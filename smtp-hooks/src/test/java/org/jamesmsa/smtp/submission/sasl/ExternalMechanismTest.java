package org.jamesmsa.smtp.submission.sasl;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.apache.james.core.Username;
import org.jamesmsa.contracts.TestAccounts;
import org.jamesmsa.smtp.testing.FakeSmtpSession;
import org.jamesmsa.smtp.testing.FakeTlsSession;
import org.jamesmsa.smtp.testing.TestCertificates;
import org.jamesmsa.smtp.testing.TestCertificates.Issued;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExternalMechanismTest {
    private static Issued authority;
    private static Issued otherAuthority;
    private TestAccounts accounts;

    @BeforeAll
    static void authorities() throws Exception {
        authority = TestCertificates.authority("MSA client CA");
        otherAuthority = TestCertificates.authority("Someone else's CA");
    }

    @BeforeEach
    void setUp() throws Exception {
        accounts = TestAccounts.create();
    }

    private ExternalMechanism mechanism(ClientCertificates.Identity identity) {
        return new ExternalMechanism(accounts.users, new ClientCertificates(List.of(authority.certificate), identity));
    }

    private static FakeSmtpSession presenting(Issued client) {
        return new FakeSmtpSession().withTls(new FakeTlsSession(client.certificate, authority.certificate));
    }

    private static SaslStep start(ExternalMechanism mechanism, FakeSmtpSession session, String response) {
        return mechanism.start(session, Optional.of(response), (login, password) -> {
            throw new AssertionError("EXTERNAL never checks a password");
        });
    }

    private static Username authenticated(SaslStep step) {
        assertThat(step).isInstanceOf(SaslStep.Authenticated.class);
        return ((SaslStep.Authenticated) step).user();
    }

    private static String refusal(SaslStep step) {
        assertThat(step).isInstanceOf(SaslStep.Failed.class);
        return ((SaslStep.Failed) step).reply().getRetCode() + " " + ((SaslStep.Failed) step).why();
    }

    @Test
    void aCertificateOfTheAuthorityAuthenticatesTheUserOfItsEmailName() throws Exception {
        Issued alice = TestCertificates.client(authority, "Alice's laptop", TestAccounts.ALICE.asString(), Duration.ofDays(1));
        ExternalMechanism external = mechanism(ClientCertificates.Identity.SAN_EMAIL);

        assertThat(external.isAvailable(presenting(alice))).isTrue();
        assertThat(authenticated(start(external, presenting(alice), "="))).isEqualTo(TestAccounts.ALICE);
        assertThat(authenticated(start(external, presenting(alice), "YWxpY2VAbXNhLnRlc3Q="))).as("authzid alice@msa.test")
            .isEqualTo(TestAccounts.ALICE);
    }

    @Test
    void theSubjectCommonNameCanNameTheUser() throws Exception {
        Issued bob = TestCertificates.client(authority, TestAccounts.BOB.asString(), null, Duration.ofDays(1));

        assertThat(authenticated(start(mechanism(ClientCertificates.Identity.SUBJECT_CN), presenting(bob), "="))).isEqualTo(TestAccounts.BOB);
    }

    @Test
    void anotherAuthorityAnExpiredCertificateAStrangerOrAnotherIdentityAreRefused() throws Exception {
        ExternalMechanism external = mechanism(ClientCertificates.Identity.SAN_EMAIL);
        Issued foreign = TestCertificates.client(otherAuthority, "x", TestAccounts.ALICE.asString(), Duration.ofDays(1));
        Issued expired = TestCertificates.client(authority, "x", TestAccounts.ALICE.asString(), Duration.ofDays(-1));
        Issued stranger = TestCertificates.client(authority, "x", "stranger@msa.test", Duration.ofDays(1));
        Issued alice = TestCertificates.client(authority, "x", TestAccounts.ALICE.asString(), Duration.ofDays(1));

        assertThat(refusal(start(external, new FakeSmtpSession().withTls(new FakeTlsSession(foreign.certificate)), "=")))
            .startsWith("535 client certificate refused");
        assertThat(refusal(start(external, presenting(expired), "="))).startsWith("535 client certificate refused");
        assertThat(refusal(start(external, presenting(stranger), "="))).contains("stranger@msa.test, who is not a user here");
        assertThat(refusal(start(external, presenting(alice), "Ym9iQG1zYS50ZXN0"))).as("authzid bob@msa.test")
            .contains("presented for bob@msa.test");
    }

    @Test
    void withoutACertificateOrAnAuthorityItIsNotAvailable() throws Exception {
        Issued alice = TestCertificates.client(authority, "x", TestAccounts.ALICE.asString(), Duration.ofDays(1));

        assertThat(mechanism(ClientCertificates.Identity.SAN_EMAIL).isAvailable(new FakeSmtpSession().withTls(new FakeTlsSession())))
            .isFalse();
        assertThat(new ExternalMechanism(accounts.users, ClientCertificates.none()).isAvailable(presenting(alice))).isFalse();
    }

    @Test
    void withoutAnInitialResponseAnEmptyChallengeIsSent() throws Exception {
        Issued alice = TestCertificates.client(authority, "x", TestAccounts.ALICE.asString(), Duration.ofDays(1));
        SaslStep step = mechanism(ClientCertificates.Identity.SAN_EMAIL).start(presenting(alice), Optional.empty(), null);

        assertThat(step).isInstanceOf(SaslStep.Challenge.class);
        assertThat(authenticated(((SaslStep.Challenge) step).respond("="))).isEqualTo(TestAccounts.ALICE);
    }
}
