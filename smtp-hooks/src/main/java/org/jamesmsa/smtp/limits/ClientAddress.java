package org.jamesmsa.smtp.limits;

import java.net.Inet6Address;
import java.net.InetAddress;

import org.jamesmsa.csv.Addresses;

/**
 * The client a per-address limit counts: the IPv4 address, or the /64 network of an IPv6 address (one subscriber
 * usually has a whole /64, and can change the rest of the address at will).
 */
public final class ClientAddress {
    private ClientAddress() {
    }

    public static String keyOf(InetAddress address) {
        InetAddress client = Addresses.unmapped(address);
        if (!(client instanceof Inet6Address)) {
            return client.getHostAddress();
        }
        byte[] bytes = client.getAddress();
        StringBuilder network = new StringBuilder();
        for (int i = 0; i < 8; i += 2) {
            network.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
        }
        return network.append(":/64").toString();
    }
}
