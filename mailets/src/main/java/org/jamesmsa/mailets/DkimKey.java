package org.jamesmsa.mailets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;

/**
 * A domain's DKIM signing key: its selector and its private key in PEM (PKCS #8), RSA (RFC 6376) or Ed25519
 * (RFC 8463). Ed25519 goes through BouncyCastle, which James ships: Java 11, the official images' runtime, has none.
 */
public final class DkimKey {
    /** The signing algorithms, each with its DKIM names. */
    public enum Algorithm {
        RSA("rsa", "rsa-sha256"),
        ED25519("ed25519", "ed25519-sha256");

        private final String keyType;
        private final String signature;

        Algorithm(String keyType, String signature) {
            this.keyType = keyType;
            this.signature = signature;
        }

        /** The {@code k=} of the published record. */
        public String keyType() {
            return keyType;
        }

        /** The {@code a=} of a signature. */
        public String signature() {
            return signature;
        }

        /** The key of a domain's key of this algorithm in the stores' caches. */
        public String slotOf(String domain) {
            return keyType + ":" + domain;
        }

        /** By its {@code a=} name or its key type, as an operator writes it. */
        public static Algorithm named(String name) {
            String lower = name.strip().toLowerCase(Locale.ROOT);
            for (Algorithm algorithm : values()) {
                if (algorithm.signature.equals(lower) || algorithm.keyType.equals(lower)) {
                    return algorithm;
                }
            }
            throw new IllegalArgumentException("'" + name + "' is not a DKIM algorithm: rsa-sha256 or ed25519-sha256");
        }
    }

    /** A selector is one DNS label: it is published as {@code <selector>._domainkey.<domain>}. */
    public static final Pattern SELECTOR = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final int KEY_BITS = 2048;

    private final String selector;
    private final String privatePem;
    private final Algorithm algorithm;

    /** @throws IllegalArgumentException when the selector is not one, or the PEM holds no RSA or Ed25519 private key */
    public DkimKey(String selector, String privatePem) {
        if (!SELECTOR.matcher(selector).matches()) {
            throw new IllegalArgumentException("'" + selector + "' is not a selector (one DNS label: letters, digits, hyphens)");
        }
        this.selector = selector;
        this.privatePem = Objects.requireNonNull(privatePem, "privatePem");
        this.algorithm = algorithmOf(der(privatePem));
    }

    /** A new RSA 2048 key under {@code selector}. */
    public static DkimKey generate(String selector) throws GeneralSecurityException {
        return generate(selector, Algorithm.RSA);
    }

    /** A new key under {@code selector}: RSA 2048, or Ed25519. */
    public static DkimKey generate(String selector, Algorithm algorithm) throws GeneralSecurityException {
        byte[] encoded;
        if (algorithm == Algorithm.ED25519) {
            try {
                encoded = PrivateKeyInfoFactory.createPrivateKeyInfo(new Ed25519PrivateKeyParameters(new SecureRandom())).getEncoded();
            } catch (IOException e) {
                throw new GeneralSecurityException("cannot encode an Ed25519 key", e);
            }
        } else {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(KEY_BITS);
            encoded = generator.generateKeyPair().getPrivate().getEncoded();
        }
        return new DkimKey(selector, "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(encoded) + "\n-----END PRIVATE KEY-----\n");
    }

    private static byte[] der(String pem) {
        try {
            return Base64.getDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "").getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a PEM private key: " + e.getMessage());
        }
    }

    private static Algorithm algorithmOf(byte[] der) {
        PrivateKeyInfo info;
        try {
            info = PrivateKeyInfo.getInstance(der);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a PKCS #8 private key (BEGIN PRIVATE KEY)");
        }
        if (info == null) {
            throw new IllegalArgumentException("not a PKCS #8 private key (BEGIN PRIVATE KEY)");
        }
        if (EdECObjectIdentifiers.id_Ed25519.equals(info.getPrivateKeyAlgorithm().getAlgorithm())) {
            return Algorithm.ED25519;
        }
        if (org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.rsaEncryption.equals(info.getPrivateKeyAlgorithm().getAlgorithm())) {
            return Algorithm.RSA;
        }
        throw new IllegalArgumentException("a private key of algorithm " + info.getPrivateKeyAlgorithm().getAlgorithm()
            + ", neither RSA nor Ed25519");
    }

    public Algorithm algorithm() {
        return algorithm;
    }

    public String selector() {
        return selector;
    }

    public String privatePem() {
        return privatePem;
    }

    /** The private key for JCA: RSA from Java's provider, Ed25519 from Bouncy Castle's (Java 11 has none). */
    public java.security.PrivateKey privateKey() throws GeneralSecurityException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der(privatePem));
        return algorithm == Algorithm.ED25519
            ? KeyFactory.getInstance("Ed25519", new org.bouncycastle.jce.provider.BouncyCastleProvider()).generatePrivate(spec)
            : KeyFactory.getInstance("RSA").generatePrivate(spec);
    }

    /**
     * The public half, the {@code p=} of the published record: base64 of an RSA key's SubjectPublicKeyInfo, of an
     * Ed25519 key's 32 bytes themselves (RFC 8463 4.2).
     */
    public String publicKey() throws GeneralSecurityException {
        if (algorithm == Algorithm.ED25519) {
            try {
                Ed25519PrivateKeyParameters key = (Ed25519PrivateKeyParameters) PrivateKeyFactory.createKey(der(privatePem));
                return Base64.getEncoder().encodeToString(key.generatePublicKey().getEncoded());
            } catch (IOException | ClassCastException e) {
                throw new InvalidKeyException("not an Ed25519 private key: " + e.getMessage(), e);
            }
        }
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
            .generatePrivate(new PKCS8EncodedKeySpec(der(privatePem)));
        return Base64.getEncoder().encodeToString(KeyFactory.getInstance("RSA")
            .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent())).getEncoded());
    }

    /** The TXT record of the key's public half, in zone-file syntax, its value split into strings of 255 bytes. */
    public String publishedRecord(String domain) throws GeneralSecurityException {
        String value = "v=DKIM1; k=" + algorithm.keyType() + "; p=" + publicKey();
        StringBuilder strings = new StringBuilder();
        for (int i = 0; i < value.length(); i += 255) {
            strings.append(" \"").append(value, i, Math.min(value.length(), i + 255)).append('"');
        }
        return selector + "._domainkey." + domain + ". IN TXT (" + strings + " )\n";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DkimKey && ((DkimKey) other).selector.equals(selector)
            && ((DkimKey) other).privatePem.equals(privatePem);
    }

    @Override
    public int hashCode() {
        return Objects.hash(selector, privatePem);
    }

    @Override
    public String toString() {
        return "DKIM key " + selector + " (" + algorithm.keyType() + ")";
    }
}
