package org.jamesmsa.smtp.submission;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * Logins verified lately, in the spirit of Dovecot's auth cache: a password hash (PBKDF2) costs milliseconds of CPU
 * per AUTH, and mail clients log in again for every message they send. Only successful checks are kept, one per
 * login, under an HMAC of the login and the password with a key made at start and never stored: memory holds no
 * password. One instance serves every listener (each asks with its own time to live), so that a password changed
 * through webadmin is forgotten everywhere at once ({@link #forget}).
 *
 * <p>The trade-offs, why it is off by default: a password changed by another path than webadmin (a JMX tool, the
 * database) keeps working for the time to live; and a dump of the process memory allows testing guesses against the
 * cached entries with HMAC-SHA256 instead of PBKDF2.</p>
 */
@Singleton
public final class VerifiedCredentials {
    private static final int MAX_ENTRIES = 10_000;

    private static final class Entry {
        final byte[] mac;
        final long verifiedAt;

        Entry(byte[] mac, long verifiedAt) {
            this.mac = mac;
            this.verifiedAt = verifiedAt;
        }
    }

    private final LongSupplier nanoTime;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final SecretKeySpec key;

    @Inject
    public VerifiedCredentials() {
        this(System::nanoTime);
    }

    /** With the time source of a test. */
    VerifiedCredentials(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** True when this login was verified with this very password less than {@code ttl} ago. */
    boolean verifiedLately(String login, String password, Duration ttl) {
        Entry entry = entries.get(normalized(login));
        return entry != null && nanoTime.getAsLong() - entry.verifiedAt < ttl.toNanos()
            && MessageDigest.isEqual(entry.mac, mac(login, password));
    }

    void verified(String login, String password) {
        if (entries.size() >= MAX_ENTRIES) {
            // Bounded memory whatever the number of accounts; the next logins simply hash again.
            entries.clear();
        }
        entries.put(normalized(login), new Entry(mac(login, password), nanoTime.getAsLong()));
    }

    /** The login's password may have changed, or the account gone: its next AUTH is verified against the store. */
    public void forget(String login) {
        entries.remove(normalized(login));
    }

    private static String normalized(String login) {
        return login.toLowerCase(Locale.ROOT);
    }

    private byte[] mac(String login, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(normalized(login).getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(password.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }
}
