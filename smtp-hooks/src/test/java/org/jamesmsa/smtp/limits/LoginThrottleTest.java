package org.jamesmsa.smtp.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;

import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.jamesmsa.csv.MutableClock;
import org.jamesmsa.contracts.TestAccounts;
import org.jamesmsa.smtp.testing.FakeSmtpSession;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private static final Response WRONG = new SMTPResponse("535", "5.7.8 Authentication credentials invalid");
    private static final Duration WINDOW = Duration.ofMinutes(15);

    private final MutableClock clock = new MutableClock();
    private final LoginThrottle throttle = new LoginThrottle(new MemoryRateLimiter(clock), 3, 10, WINDOW, Duration.ofMillis(500));

    @Test
    void theThirdFailureOfASessionClosesItWith421() {
        FakeSmtpSession session = new FakeSmtpSession();

        assertThat(throttle.failed(session, WRONG).reply()).isSameAs(WRONG);
        assertThat(throttle.failed(session, WRONG).reply()).isSameAs(WRONG);
        Response third = throttle.failed(session, WRONG).reply();

        assertThat(third.getLines()).containsExactly("421 4.7.0 Too many failed logins, closing connection");
        assertThat(third.isEndSession()).isTrue();
    }

    @Test
    void theDelayDoublesWithTheFailuresOfTheAddressUpToEightTimes() {
        long[] delays = new long[6];
        for (int i = 0; i < delays.length; i++) {
            delays[i] = throttle.failed(new FakeSmtpSession().withId("s" + i), WRONG).delay().toMillis();
        }

        assertThat(delays).containsExactly(500, 1000, 2000, 4000, 4000, 4000);
    }

    @Test
    void tenFailuresFromOneAddressCoolItDownUntilTheyAgeOutButNotOtherAddresses() {
        for (int i = 0; i < 10; i++) {
            assertThat(throttle.coolingDown(new FakeSmtpSession().from("198.51.100.9", 5000))).isFalse();
            throttle.failed(new FakeSmtpSession().from("198.51.100.9", 5000).withId("s" + i), WRONG);
        }

        assertThat(throttle.coolingDown(new FakeSmtpSession().from("198.51.100.9", 5001))).isTrue();
        assertThat(throttle.coolingDownReply().getLines())
            .containsExactly("454 4.7.0 Too many failed logins from your address, try again later");
        assertThat(throttle.coolingDown(new FakeSmtpSession().from("198.51.100.10", 5000))).as("another address").isFalse();
        clock.advance(WINDOW.multipliedBy(2));
        assertThat(throttle.coolingDown(new FakeSmtpSession().from("198.51.100.9", 5001))).as("after the cool-down").isFalse();
    }

    @Test
    void anIpv6ClientIsCountedByItsSlash64() {
        for (int i = 0; i < 10; i++) {
            throttle.failed(new FakeSmtpSession().from("2001:db8:1:2::" + Integer.toHexString(i + 1), 5000).withId("s" + i), WRONG);
        }

        assertThat(throttle.coolingDown(new FakeSmtpSession().from("2001:db8:1:2:ffff:ffff:ffff:ffff", 5000))).isTrue();
        assertThat(throttle.coolingDown(new FakeSmtpSession().from("2001:db8:1:3::1", 5000))).isFalse();
    }

    @Test
    void wrongPasswordsAreCountedPerAccountAcrossAddressesWithoutLockingIt() {
        for (int i = 0; i < 12; i++) {
            throttle.wrongPassword(new FakeSmtpSession().from("203.0.113." + i, 5000), TestAccounts.ALICE);
        }

        assertThat(throttle.failuresOf(TestAccounts.ALICE)).isEqualTo(12);
        assertThat(throttle.failuresOf(TestAccounts.BOB)).isZero();
        assertThat(throttle.coolingDown(new FakeSmtpSession().from("192.0.2.50", 5000))).as("the account's owner elsewhere").isFalse();
    }

    @Test
    void addressKeysAreTheIpv4AddressOrTheIpv6NetworkAndMappedAddressesCountAsIpv4() throws Exception {
        assertThat(ClientAddress.keyOf(InetAddress.getByName("192.0.2.7"))).isEqualTo("192.0.2.7");
        assertThat(ClientAddress.keyOf(InetAddress.getByName("::ffff:192.0.2.7"))).isEqualTo("192.0.2.7");
        assertThat(ClientAddress.keyOf(InetAddress.getByName("2001:db8:0:a::1"))).isEqualTo("2001:db8:0:a::/64");
        assertThat(ClientAddress.keyOf(InetAddress.getByName("::1"))).isEqualTo("0:0:0:0::/64");
    }
}
