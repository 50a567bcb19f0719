package org.jamesmsa.mailets;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/** A domain's DKIM signing key: its selector and its RSA private key in PEM (PKCS #8). */
public final class DkimKey {
    /** A selector is one DNS label: it is published as {@code <selector>._domainkey.<domain>}. */
    public static final Pattern SELECTOR = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final int KEY_BITS = 2048;

    private final String selector;
    private final String privatePem;

    public DkimKey(String selector, String privatePem) {
        if (!SELECTOR.matcher(selector).matches()) {
            throw new IllegalArgumentException("'" + selector + "' is not a selector (one DNS label: letters, digits, hyphens)");
        }
        this.selector = selector;
        this.privatePem = Objects.requireNonNull(privatePem, "privatePem");
    }

    /** A new RSA 2048 key under {@code selector}. */
    public static DkimKey generate(String selector) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(KEY_BITS);
        byte[] encoded = generator.generateKeyPair().getPrivate().getEncoded();
        return new DkimKey(selector, "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(encoded) + "\n-----END PRIVATE KEY-----\n");
    }

    public String selector() {
        return selector;
    }

    public String privatePem() {
        return privatePem;
    }

    /** The public half, base64 of its SubjectPublicKeyInfo: the {@code p=} of the published record. */
    public String publicKey() throws GeneralSecurityException {
        String body = privatePem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
            .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body.getBytes(StandardCharsets.US_ASCII))));
        return Base64.getEncoder().encodeToString(KeyFactory.getInstance("RSA")
            .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent())).getEncoded());
    }

    /** The TXT record of the key's public half, in zone-file syntax, its value split into strings of 255 bytes. */
    public String publishedRecord(String domain) throws GeneralSecurityException {
        String value = "v=DKIM1; k=rsa; p=" + publicKey();
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
        return "DKIM key " + selector;
    }
}
