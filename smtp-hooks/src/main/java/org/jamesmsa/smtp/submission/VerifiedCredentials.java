package org.jamesmsa.smtp.submission;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Logins verified lately, in the spirit of Dovecot's auth cache: a password hash (PBKDF2) costs milliseconds of CPU
 * per AUTH, and mail clients log in again for every message they send. Only successful checks are kept, for
 * {@code ttl}, under an HMAC of the login and the password with a key made at start and never stored: memory holds
 * no password nor anything that can be checked against one offline. The trade-off, why it is off by default: a
 * changed password is accepted, for the same client, until its entry expires (a deleted user is not: the caller
 * asks the store whether the user still exists).
 */
final class VerifiedCredentials {
    private static final int MAX_ENTRIES = 10_000;

    private final Duration ttl;
    private final LongSupplier nanoTime;
    private final Map<String, Long> expiries = new ConcurrentHashMap<>();
    private final SecretKeySpec key;

    VerifiedCredentials(Duration ttl, LongSupplier nanoTime) {
        this.ttl = ttl;
        this.nanoTime = nanoTime;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    boolean enabled() {
        return !ttl.isZero();
    }

    boolean verifiedLately(String login, String password) {
        Long expiry = expiries.get(keyOf(login, password));
        return expiry != null && nanoTime.getAsLong() - expiry < 0;
    }

    void verified(String login, String password) {
        long now = nanoTime.getAsLong();
        if (expiries.size() >= MAX_ENTRIES) {
            expiries.values().removeIf(expiry -> now - expiry >= 0);
            if (expiries.size() >= MAX_ENTRIES) {
                expiries.clear();
            }
        }
        expiries.put(keyOf(login, password), now + ttl.toNanos());
    }

    private String keyOf(String login, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(login.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return Base64.getEncoder().encodeToString(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }
}
