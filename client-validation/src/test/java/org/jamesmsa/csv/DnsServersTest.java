package org.jamesmsa.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DnsServersTest {

    @Test
    void emptyListMeansTheSystemResolver() {
        assertThat(DnsClient.parseServers("  ")).isEmpty();
    }

    @Test
    void everyFormIsRead() {
        assertThat(DnsClient.parseServers("127.0.0.1:5353, 10.0.0.1, [::1]:5300, ::1"))
            .extracting(InetSocketAddress::getPort)
            .containsExactly(5353, 53, 5300, 53);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "dns.example.net:53 | 'dns.example.net:53' is not an IP address",
        "127.0.0.1:0        | has port '0'; allowed: 1 to 65535",
        "127.0.0.1:dns      | has port 'dns'",
        "[::1               | unterminated",
        "300.0.0.1          | not an IP address"})
    void badEntryIsNamed(String list, String message) {
        assertThatThrownBy(() -> DnsClient.parseServers(list))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining(message);
    }
}
