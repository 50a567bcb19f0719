package org.jamesmsa.smtp.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.james.core.Username;
import org.apache.james.protocols.api.BaseRequest;
import org.apache.james.protocols.api.OidcSASLConfiguration;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.AuthHook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.jamesmsa.csv.MutableClock;
import org.jamesmsa.contracts.TestAccounts;
import org.jamesmsa.contracts.TestMetrics;
import org.jamesmsa.settings.InvalidSettingException;
import org.jamesmsa.smtp.SessionTimers;
import org.jamesmsa.smtp.limits.MemoryRateLimiter;
import org.jamesmsa.smtp.limits.RateLimiter;
import org.jamesmsa.smtp.submission.sasl.BearerTokens;
import org.jamesmsa.smtp.submission.sasl.ClientCertificates;
import org.jamesmsa.smtp.submission.sasl.ExternalMechanism;
import org.jamesmsa.smtp.submission.sasl.LoginMechanism;
import org.jamesmsa.smtp.submission.sasl.BearerTokenMechanism;
import org.jamesmsa.smtp.submission.sasl.PlainMechanism;
import org.jamesmsa.smtp.submission.sasl.SaslMechanism;
import org.jamesmsa.smtp.testing.FakeSmtpSession;
import org.jamesmsa.contracts.MemorySuspensions;
import org.jamesmsa.smtp.testing.FakeTlsSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SubmissionAuthCmdHandlerTest {
    private final MutableClock clock = new MutableClock();
    private final RateLimiter counters = new MemoryRateLimiter(clock);
    private final SessionTimers timers = new SessionTimers();
    private final TestMetrics metrics = new TestMetrics();
    private final MemorySuspensions suspensions = new MemorySuspensions();
    private TestAccounts accounts;
    private SubmissionAuthCmdHandler handler;

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String plain(Username user, String password) {
        return base64("\0" + user.asString() + "\0" + password);
    }

    /** Tokens "good-alice" and "good-stranger" are valid for those users; anything else is not. */
    private static final BearerTokens TOKENS = new BearerTokens() {
        @Override
        public Optional<String> verify(String token, OidcSASLConfiguration oidc) {
            if (token.equals("good-alice")) {
                return Optional.of(TestAccounts.ALICE.asString());
            }
            return token.equals("good-stranger") ? Optional.of("stranger@msa.test") : Optional.empty();
        }
    };

    private SubmissionAuthCmdHandler handler(AuthHook hook, String... settings) throws Exception {
        Set<SaslMechanism> mechanisms = Set.of(new PlainMechanism(), new LoginMechanism(),
            new BearerTokenMechanism(BearerTokenMechanism.Format.OAUTHBEARER, accounts.users, TOKENS),
            new BearerTokenMechanism(BearerTokenMechanism.Format.XOAUTH2, accounts.users, TOKENS),
            new ExternalMechanism(accounts.users, ClientCertificates.none()));
        SubmissionAuthCmdHandler created = new SubmissionAuthCmdHandler(mechanisms, counters, timers, metrics.metrics, suspensions);
        BaseHierarchicalConfiguration config = new BaseHierarchicalConfiguration();
        config.addProperty("failureDelay", "0");
        for (int i = 0; i < settings.length; i += 2) {
            config.setProperty(settings[i], settings[i + 1]);
        }
        created.init(config);
        created.wireExtensions(AuthHook.class, List.of(hook));
        return created;
    }

    @BeforeEach
    void setUp() throws Exception {
        accounts = TestAccounts.create();
        handler = handler(new UsersRepositoryCredentialsHook(accounts.users));
    }

    @AfterEach
    void stopTimers() {
        timers.close();
    }

    private static FakeSmtpSession afterTls() {
        return new FakeSmtpSession().withTls(new FakeTlsSession());
    }

    private Response auth(SMTPSession session, String argument) {
        return handler.onCommand(session, new BaseRequest("AUTH", argument));
    }

    private static OidcSASLConfiguration oidc() throws Exception {
        return new OidcSASLConfiguration(new URL("http://127.0.0.1:9/jwks"), "email", new URL("http://127.0.0.1:9/.well-known/openid-configuration"),
            "email", Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Test
    void authBeforeTlsIsRefusedWith538AndNothingIsAdvertised() {
        FakeSmtpSession session = new FakeSmtpSession();

        assertThat(handler.getImplementedEsmtpFeatures(session)).isEmpty();
        assertThat(auth(session, "PLAIN " + plain(TestAccounts.ALICE, TestAccounts.ALICE_PASSWORD)).getLines())
            .containsExactly("538 5.7.11 Must issue a STARTTLS command first: credentials are never accepted in clear");
        assertThat(session.getUsername()).isNull();
    }

    @Test
    void afterTlsThePasswordMechanismsAreAdvertisedAndTheTokenOnesOnlyWithAnOidcProvider() throws Exception {
        assertThat(handler.getImplementedEsmtpFeatures(afterTls())).containsExactly("AUTH PLAIN LOGIN");
        assertThat(handler.getImplementedEsmtpFeatures(afterTls().withOidc(oidc())))
            .containsExactly("AUTH PLAIN LOGIN OAUTHBEARER XOAUTH2");
        assertThat(handler.getImplementedEsmtpFeatures(afterTls().withoutAuthAnnounced())).isEmpty();
    }

    @Test
    void theListenerChoosesTheMechanismsAndTheirOrder() throws Exception {
        SubmissionAuthCmdHandler loginOnly = handler(new UsersRepositoryCredentialsHook(accounts.users), "mechanisms", "login");

        assertThat(loginOnly.getImplementedEsmtpFeatures(afterTls())).containsExactly("AUTH LOGIN");
        assertThat(loginOnly.onCommand(afterTls(), new BaseRequest("AUTH", "PLAIN " + plain(TestAccounts.ALICE, TestAccounts.ALICE_PASSWORD)))
            .getRetCode()).isEqualTo("504");
    }

    @Test
    void plainWithTheRightPasswordAuthenticatesTheSessionAndAllowsRelaying() {
        FakeSmtpSession session = afterTls();

        assertThat(auth(session, "PLAIN " + plain(TestAccounts.ALICE, TestAccounts.ALICE_PASSWORD)).getLines())
            .containsExactly("235 2.7.0 Authentication successful");
        assertThat(session.getUsername()).isEqualTo(TestAccounts.ALICE);
        assertThat(session.isRelayingAllowed()).isTrue();
    }

    @Test
    void aSuspendedAccountIsRefusedWith535WithTheRightPasswordWhateverTheMechanismAndNotCountedAsAGuess() throws Exception {
        suspensions.with(TestAccounts.ALICE);
        for (int attempt = 0; attempt < 4; attempt++) { // one more than maxFailuresPerSession
            FakeSmtpSession session = afterTls();
            assertThat(auth(session, "PLAIN " + plain(TestAccounts.ALICE, TestAccounts.ALICE_PASSWORD)).getLines())
                .containsExactly("535 5.7.8 Account suspended; contact the postmaster");
            assertThat(session.getUsername()).isNull();
            assertThat(session.isRelayingAllowed()).isFalse();
        }
        FakeSmtpSession bearer = afterTls().withOidc(oidc());
        assertThat(auth(bearer, "XOAUTH2 " + base64("user=" + TestAccounts.ALICE.asString() + "\u0001auth=Bearer good-alice\u0001\u0001"))
            .getLines()).containsExactly("535 5.7.8 Account suspended; contact the postmaster");
        assertThat(bearer.getUsername()).isNull();

        suspensions.resume(TestAccounts.ALICE);
        FakeSmtpSession resumed = afterTls();
        assertThat(auth(resumed, "PLAIN " + plain(TestAccounts.ALICE, TestAccounts.ALICE_PASSWORD)).getRetCode())
            .as("five refusals were no failed guesses: the address is not cooling down").isEqualTo("235");
        assertThat(metrics.count("msa_auth_refused_suspended")).isEqualTo(5);
        assertThat(auth(afterTls(), "PLAIN " + plain(TestAccounts.BOB, TestAccounts.BOB_PASSWORD)).getRetCode()).isEqualTo("235");
    }

    @Test
    void plainWithoutInitialResponseGetsAnEmptyChallenge() {
        FakeSmtpSession session = afterTls();

        assertThat(auth(session, "PLAIN").getLines()).containsExactly("334 ");
        assertThat(session.clientSends(plain(TestAccounts.ALICE, TestAccounts.ALICE_PASSWORD)).getRetCode()).isEqualTo("235");
        assertThat(session.waitsForAClientResponse()).isFalse();
    }

    @Test
    void aWrongPasswordIs535AndTheSessionStaysUnauthenticated() {
        FakeSmtpSession session = afterTls();

        assertThat(auth(session, "PLAIN " + plain(TestAccounts.ALICE, "wrong")).getLines())
            .containsExactly("535 5.7.8 Authentication credentials invalid");
        assertThat(session.getUsername()).isNull();
        assertThat(session.isRelayingAllowed()).isFalse();
    }

    @Test
    void aFailingUserStoreIs454NotAWrongPassword() throws Exception {
        AuthHook failing = new AuthHook() {
            @Override
            public HookResult doAuth(SMTPSession session, Username username, String password) {
                throw new IllegalStateException("connection refused by the user store");
            }

            @Override
            public HookResult doSasl(SMTPSession session, OidcSASLConfiguration configuration, String initialResponse) {
                return HookResult.DECLINED;
            }
        };
        FakeSmtpSession session = afterTls();

        assertThat(handler(failing).onCommand(session, new BaseRequest("AUTH", "PLAIN " + plain(TestAccounts.ALICE, "any"))).getLines())
            .containsExactly("454 4.7.0 Temporary authentication failure, try again later");
    }

    @Test
    void loginAsksForTheNameThenThePassword() {
        FakeSmtpSession session = afterTls();

        assertThat(auth(session, "LOGIN").getLines()).containsExactly("334 VXNlcm5hbWU6");
        assertThat(session.clientSends(base64(TestAccounts.BOB.asString())).getLines()).containsExactly("334 UGFzc3dvcmQ6");
        assertThat(session.clientSends(base64(TestAccounts.BOB_PASSWORD)).getRetCode()).isEqualTo("235");
        assertThat(session.getUsername()).isEqualTo(TestAccounts.BOB);
    }

    @Test
    void aStarCancelsWith501AndLeavesTheSessionInCommandMode() {
        FakeSmtpSession session = afterTls();
        auth(session, "LOGIN");

        assertThat(session.clientSends("*").getLines()).containsExactly("501 5.7.0 Authentication cancelled");
        assertThat(session.waitsForAClientResponse()).isFalse();
        assertThat(auth(session, "PLAIN " + plain(TestAccounts.ALICE, TestAccounts.ALICE_PASSWORD)).getRetCode()).isEqualTo("235");
    }

    @Test
    void anUndecodableResponseIs501AndTheSessionGoesOn() {
        FakeSmtpSession session = afterTls();
        auth(session, "PLAIN");

        assertThat(session.clientSends("%%% not base64").getLines())
            .containsExactly("501 5.5.2 Cannot decode AUTH response: response is not valid base64");
        assertThat(session.waitsForAClientResponse()).isFalse();
    }

    @Test
    void askingToActAsAnotherIdentityIsRefused() {
        FakeSmtpSession session = afterTls();
        String proxy = base64(TestAccounts.BOB.asString() + "\0" + TestAccounts.ALICE.asString() + "\0" + TestAccounts.ALICE_PASSWORD);

        assertThat(auth(session, "PLAIN " + proxy).getRetCode()).isEqualTo("535");
        assertThat(session.getUsername()).isNull();
    }

    @Test
    void unknownMechanismsMissingArgumentsAndASecondAuthHaveTheirReplies() {
        FakeSmtpSession session = afterTls();

        assertThat(auth(session, "CRAM-MD5").getLines()).containsExactly("504 5.5.4 Unrecognized authentication mechanism");
        assertThat(auth(session, "OAUTHBEARER " + base64("n,,\u0001auth=Bearer good-alice\u0001\u0001")).getRetCode())
            .as("no OIDC provider on this listener").isEqualTo("504");
        assertThat(auth(session, "EXTERNAL =").getRetCode()).as("no certificate authority").isEqualTo("504");
        assertThat(auth(session, " ").getLines()).containsExactly("501 5.5.4 Usage: AUTH mechanism [initial-response]");
        auth(session, "PLAIN " + plain(TestAccounts.ALICE, TestAccounts.ALICE_PASSWORD));
        assertThat(auth(session, "PLAIN " + plain(TestAccounts.BOB, TestAccounts.BOB_PASSWORD)).getLines())
            .containsExactly("503 5.5.1 Already authenticated");
        assertThat(session.getUsername()).isEqualTo(TestAccounts.ALICE);
    }

    @Test
    void oauthBearerAuthenticatesTheUserTheTokenNames() throws Exception {
        FakeSmtpSession session = afterTls().withOidc(oidc());

        Response reply = auth(session, "OAUTHBEARER " + base64("n,a=" + TestAccounts.ALICE.asString() + ",\u0001auth=Bearer good-alice\u0001\u0001"));

        assertThat(reply.getRetCode()).isEqualTo("235");
        assertThat(session.getUsername()).isEqualTo(TestAccounts.ALICE);
    }

    @Test
    void xoauth2AuthenticatesTheUserTheTokenNames() throws Exception {
        FakeSmtpSession session = afterTls().withOidc(oidc());

        Response reply = auth(session, "XOAUTH2 " + base64("user=" + TestAccounts.ALICE.asString() + "\u0001auth=Bearer good-alice\u0001\u0001"));

        assertThat(reply.getRetCode()).isEqualTo("235");
        assertThat(session.getUsername()).isEqualTo(TestAccounts.ALICE);
    }

    @Test
    void aRefusedTokenGetsTheErrorChallengeThen535() throws Exception {
        FakeSmtpSession session = afterTls().withOidc(oidc());

        Response challenge = auth(session, "OAUTHBEARER " + base64("n,,\u0001auth=Bearer forged\u0001\u0001"));

        assertThat(challenge.getRetCode()).isEqualTo("334");
        assertThat(new String(Base64.getDecoder().decode(challenge.getLines().get(0).toString().substring(4)), StandardCharsets.UTF_8))
            .contains("\"status\":\"invalid_token\"", "openid-configuration");
        assertThat(session.clientSends(base64("\u0001")).getLines()).containsExactly("535 5.7.8 Authentication credentials invalid");
        assertThat(session.getUsername()).isNull();
    }

    @Test
    void aValidTokenOfSomeoneWhoIsNotAUserOrUsedForAnotherIdentityIsRefused() throws Exception {
        FakeSmtpSession stranger = afterTls().withOidc(oidc());
        assertThat(auth(stranger, "OAUTHBEARER " + base64("n,,\u0001auth=Bearer good-stranger\u0001\u0001")).getRetCode()).isEqualTo("334");
        assertThat(stranger.clientSends("AQ==").getRetCode()).isEqualTo("535");

        FakeSmtpSession impostor = afterTls().withOidc(oidc());
        assertThat(auth(impostor, "OAUTHBEARER " + base64("n,a=" + TestAccounts.BOB.asString() + ",\u0001auth=Bearer good-alice\u0001\u0001"))
            .getRetCode()).isEqualTo("334");
        assertThat(impostor.clientSends("AQ==").getRetCode()).isEqualTo("535");
        assertThat(impostor.getUsername()).isNull();
    }

    @Test
    void mailParameterAuthIsAcceptedAndIgnored() {
        assertThat(handler.getMailParamNames()).containsExactly("AUTH");
        assertThat(handler.doMailParameter(afterTls(), "AUTH", "<>")).isEqualTo(HookResult.DECLINED);
    }

    @Test
    void theThirdFailureInASessionIs421AndTheRightPasswordIsNotTriedAfterIt() {
        FakeSmtpSession session = afterTls();

        assertThat(auth(session, "PLAIN " + plain(TestAccounts.ALICE, "guess1")).getRetCode()).isEqualTo("535");
        assertThat(auth(session, "PLAIN " + plain(TestAccounts.ALICE, "guess2")).getRetCode()).isEqualTo("535");
        Response third = auth(session, "PLAIN " + plain(TestAccounts.ALICE, "guess3"));

        assertThat(third.getLines()).containsExactly("421 4.7.0 Too many failed logins, closing connection");
        assertThat(third.isEndSession()).isTrue();
        assertThat(metrics.count("msa_auth_failure_plain")).isEqualTo(3);
        assertThat(metrics.count("msa_auth_refused_session_closed")).isEqualTo(1);
    }

    @Test
    void anAddressWithTenFailuresGets454EvenWithTheRightPasswordWhileAnotherAddressLogsIn() {
        for (int i = 0; i < 5; i++) {
            FakeSmtpSession attacker = afterTls().from("198.51.100.66", 6000 + i).withId("attack-" + i);
            auth(attacker, "PLAIN " + plain(TestAccounts.ALICE, "guess-a" + i));
            auth(attacker, "LOGIN");
            attacker.clientSends(base64(TestAccounts.ALICE.asString()));
            attacker.clientSends(base64("guess-b" + i));
        }

        FakeSmtpSession attacker = afterTls().from("198.51.100.66", 7000);
        assertThat(auth(attacker, "PLAIN " + plain(TestAccounts.ALICE, TestAccounts.ALICE_PASSWORD)).getLines())
            .containsExactly("454 4.7.0 Too many failed logins from your address, try again later");
        assertThat(attacker.getUsername()).isNull();
        FakeSmtpSession owner = afterTls().from("192.0.2.200", 7000);
        assertThat(auth(owner, "PLAIN " + plain(TestAccounts.ALICE, TestAccounts.ALICE_PASSWORD)).getRetCode()).isEqualTo("235");
        assertThat(metrics.count("msa_auth_refused_cooldown")).isEqualTo(1);
        assertThat(metrics.count("msa_auth_failure_login")).isEqualTo(5);
        assertThat(metrics.count("msa_auth_success_plain")).isEqualTo(1);
        clock.advance(java.time.Duration.ofMinutes(30));
        assertThat(auth(afterTls().from("198.51.100.66", 7001), "PLAIN " + plain(TestAccounts.ALICE, TestAccounts.ALICE_PASSWORD))
            .getRetCode()).as("after the cool-down").isEqualTo("235");
    }

    @Test
    void aFailureIsAnsweredLaterFromTheTimerWhileTheSessionReadsNothing() throws Exception {
        SubmissionAuthCmdHandler delaying = handler(new UsersRepositoryCredentialsHook(accounts.users), "failureDelay", "20");
        FakeSmtpSession session = afterTls();

        Response now = delaying.onCommand(session, new BaseRequest("AUTH", "PLAIN " + plain(TestAccounts.ALICE, "wrong")));

        assertThat(now.getLines()).as("nothing is written by the command itself").isEmpty();
        assertThat(now.getRetCode()).as("James's statistics count the coming reply").isEqualTo("535");
        assertThat(now.isEndSession()).isFalse();
        for (int waited = 0; session.laterReplies().isEmpty() && waited < 500; waited++) {
            Thread.sleep(10);
        }
        assertThat(session.laterReplies()).extracting(Response::getRetCode).containsExactly("535");
        assertThat(session.reading()).as("reads again once answered").isTrue();
    }

    @Test
    void anUnknownMechanismNameOrElementStopsTheStart() {
        assertThatThrownBy(() -> handler(new UsersRepositoryCredentialsHook(accounts.users), "mechanisms", "PLAIN SCRAM-SHA-256"))
            .isInstanceOf(InvalidSettingException.class)
            .hasMessage("smtpserver.xml: <mechanisms> of handler SubmissionAuthCmdHandler has value 'PLAIN SCRAM-SHA-256'; "
                + "'SCRAM-SHA-256' is not a known SASL mechanism; known: EXTERNAL, LOGIN, OAUTHBEARER, PLAIN, XOAUTH2");
        assertThatThrownBy(() -> handler(new UsersRepositoryCredentialsHook(accounts.users), "requireTls", "true"))
            .hasMessageStartingWith("smtpserver.xml: <requireTls> is not a setting of handler SubmissionAuthCmdHandler");
    }
}
