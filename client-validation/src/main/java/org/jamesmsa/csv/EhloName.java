package org.jamesmsa.csv;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

import org.xbill.DNS.Address;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * What a client put after HELO/EHLO, classified without any DNS query: a domain name (lower-cased), an address
 * (literal such as {@code [192.0.2.1]} or {@code [IPv6:2001:db8::1]}, or a bare address), or something that is
 * not a name at all.
 */
final class EhloName {

    enum Kind {
        /** A fully qualified domain name, lower-cased: {@link #name()} and {@link #dnsName()}. */
        DOMAIN,
        /** An address literal ({@code [192.0.2.1]}) or a bare address: {@link #address()}. */
        ADDRESS,
        /** Not a name at all: {@link #reason()}. */
        INVALID
    }

    private static final int MAX_NAME_LENGTH = 253;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final Kind kind;
    private final String text;
    private final Name dnsName;
    private final InetAddress address;

    private EhloName(Kind kind, String text, Name dnsName, InetAddress address) {
        this.kind = kind;
        this.text = text;
        this.dnsName = dnsName;
        this.address = address;
    }

    private static EhloName domain(String name, Name dnsName) {
        return new EhloName(Kind.DOMAIN, name, dnsName, null);
    }

    private static EhloName invalid(String reason) {
        return new EhloName(Kind.INVALID, reason, null, null);
    }

    Kind kind() {
        return kind;
    }

    String name() {
        return text;
    }

    Name dnsName() {
        return dnsName;
    }

    InetAddress address() {
        return address;
    }

    String reason() {
        return text;
    }

    static EhloName parse(String asserted) {
        if (asserted == null || asserted.isBlank()) {
            return invalid("no name given");
        }
        String text = asserted.strip();
        if (text.length() > MAX_NAME_LENGTH + 2) {
            return invalid("longer than " + MAX_NAME_LENGTH + " characters");
        }
        if (text.startsWith("[")) {
            return addressLiteral(text);
        }
        if (isIpv4(text) || text.indexOf(':') >= 0) {
            return bareAddress(text);
        }
        if (text.endsWith(".")) {
            return invalid("trailing dot: EHLO takes a domain without the root label");
        }
        String name = text.toLowerCase(Locale.ROOT);
        if (name.length() > MAX_NAME_LENGTH) {
            return invalid("longer than " + MAX_NAME_LENGTH + " characters");
        }
        String[] labels = name.split("\\.", -1);
        if (labels.length < 2) {
            return invalid("'" + printable(text) + "' is not a fully qualified domain name");
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return invalid("label '" + printable(label) + "' is not a valid host name label");
            }
        }
        try {
            return domain(name, Name.fromString(name + "."));
        } catch (TextParseException e) {
            return invalid("not a domain name: " + e.getMessage());
        }
    }

    private static EhloName addressLiteral(String text) {
        if (!text.endsWith("]")) {
            return invalid("unterminated address literal");
        }
        String inner = text.substring(1, text.length() - 1);
        if (inner.regionMatches(true, 0, "IPv6:", 0, 5)) {
            byte[] bytes = Address.toByteArray(inner.substring(5), Address.IPv6);
            return bytes == null ? invalid("malformed IPv6 address literal") : address(bytes);
        }
        byte[] bytes = isIpv4(inner) ? Address.toByteArray(inner, Address.IPv4) : null;
        return bytes == null ? invalid("malformed address literal") : address(bytes);
    }

    private static EhloName bareAddress(String text) {
        byte[] bytes = Address.toByteArray(text, text.indexOf(':') >= 0 ? Address.IPv6 : Address.IPv4);
        return bytes == null ? invalid("'" + printable(text) + "' is neither a domain name nor an address") : address(bytes);
    }

    private static EhloName address(byte[] bytes) {
        try {
            InetAddress address = InetAddress.getByAddress(bytes);
            return new EhloName(Kind.ADDRESS, address.getHostAddress(), null, address);
        } catch (UnknownHostException e) {
            return invalid("malformed address");
        }
    }

    private static boolean isIpv4(String text) {
        return IPV4.matcher(text).matches();
    }

    /** Keeps hostile input from forging log lines. */
    private static String printable(String text) {
        String cut = text.length() > 64 ? text.substring(0, 64) + "..." : text;
        return cut.replaceAll("[^\\x21-\\x7e]", "?");
    }
}
