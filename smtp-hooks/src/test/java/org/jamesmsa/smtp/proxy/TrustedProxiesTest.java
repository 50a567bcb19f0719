package org.jamesmsa.smtp.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.james.protocols.api.Response;
import org.jamesmsa.settings.InvalidSettingException;
import org.jamesmsa.smtp.testing.FakeSmtpSession;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

    private static TrustedProxies configured(String ranges) throws Exception {
        BaseHierarchicalConfiguration config = new BaseHierarchicalConfiguration();
        config.addProperty("trustedProxies", ranges);
        TrustedProxies gate = new TrustedProxies();
        gate.init(config);
        return gate;
    }

    @Test
    void aTrustedProxyIsLetThroughToTheGreetingAndAnyoneElseIsClosed() throws Exception {
        TrustedProxies gate = configured("192.0.2.10, 198.51.100.0/24, 2001:db8::/32");

        Response proxy = gate.onConnect(new FakeSmtpSession().from("192.0.2.10", 40000));
        assertThat(proxy.isEndSession()).isFalse();
        assertThat(proxy.getLines()).as("the greeting is the next handler's").isEmpty();
        assertThat(gate.onConnect(new FakeSmtpSession().from("198.51.100.77", 40000)).isEndSession()).isFalse();
        assertThat(gate.onConnect(new FakeSmtpSession().from("2001:db8:1::5", 40000)).isEndSession()).isFalse();

        assertThat(gate.onConnect(new FakeSmtpSession().from("192.0.2.11", 40000))).isSameAs(Response.DISCONNECT);
        assertThat(gate.onConnect(new FakeSmtpSession().from("203.0.113.1", 40000))).isSameAs(Response.DISCONNECT);
    }

    @Test
    void withoutRangesEveryoneIsLetThrough() throws Exception {
        assertThat(configured("").onConnect(new FakeSmtpSession().from("203.0.113.1", 40000)).isEndSession()).isFalse();
    }

    @Test
    void aHostNameOrABadPrefixIsRefusedAtStart() {
        assertThatThrownBy(() -> configured("haproxy.internal")).isInstanceOf(InvalidSettingException.class)
            .hasMessageContaining("<trustedProxies> of handler TrustedProxies has value 'haproxy.internal'; "
                + "allowed values: IP addresses or CIDR ranges, comma-separated");
        assertThatThrownBy(() -> configured("10.0.0.0/33")).isInstanceOf(InvalidSettingException.class);
    }

    @Test
    void rangesMatchByPrefixBits() throws Exception {
        NetworkRanges ranges = NetworkRanges.parse("10.1.2.0/23").orElseThrow();

        assertThat(ranges.contains(InetAddress.getByName("10.1.3.255"))).isTrue();
        assertThat(ranges.contains(InetAddress.getByName("10.1.4.0"))).isFalse();
        assertThat(ranges.contains(InetAddress.getByName("::ffff:10.1.2.9"))).as("an IPv4-mapped address").isTrue();
    }
}
