package org.jamesmsa.smtp.proxy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jamesmsa.csv.Addresses;

/**
 * Addresses and CIDR ranges, IPv4 and IPv6 ({@code 192.0.2.10}, {@code 10.0.0.0/8}, {@code 2001:db8::/32}),
 * comma-separated. Literals only: a host name is refused rather than looked up, since the answer could change who is
 * trusted.
 */
public final class NetworkRanges {
    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

    private static final class Range {
        final byte[] network;
        final int prefix;

        Range(byte[] network, int prefix) {
            this.network = network;
            this.prefix = prefix;
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int whole = prefix / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            int mask = (0xff << (8 - rest)) & 0xff;
            return rest == 0 || (address[whole] & mask) == (network[whole] & mask);
        }
    }

    private final List<Range> ranges;

    private NetworkRanges(List<Range> ranges) {
        this.ranges = ranges;
    }

    /** Empty when {@code text} holds anything but address literals and prefixes (empty text: no range). */
    public static Optional<NetworkRanges> parse(String text) {
        List<Range> ranges = new ArrayList<>();
        for (String item : text.split(",")) {
            String entry = item.strip();
            if (entry.isEmpty()) {
                continue;
            }
            String[] parts = entry.split("/", -1);
            if (parts.length > 2 || !LITERAL.matcher(parts[0]).matches()) {
                return Optional.empty();
            }
            byte[] network;
            try {
                network = InetAddress.getByName(parts[0]).getAddress();
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
            int bits = network.length * 8;
            int prefix = bits;
            if (parts.length == 2) {
                try {
                    prefix = Integer.parseInt(parts[1]);
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
                if (prefix < 0 || prefix > bits) {
                    return Optional.empty();
                }
            }
            ranges.add(new Range(network, prefix));
        }
        return Optional.of(new NetworkRanges(List.copyOf(ranges)));
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    public boolean contains(InetAddress address) {
        byte[] bytes = Addresses.unmapped(address).getAddress();
        return ranges.stream().anyMatch(range -> range.contains(bytes));
    }
}
