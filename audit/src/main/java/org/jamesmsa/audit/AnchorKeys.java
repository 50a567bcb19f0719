package org.jamesmsa.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;

/**
 * Ed25519 (RFC 8032) keys of the anchors, as PEM files OpenSSL reads and writes ({@code openssl genpkey -algorithm
 * ed25519}; {@code openssl pkey -pubout}). The private key signs anchors; its public half, handed to a third party,
 * proves that an anchor was made by this MSA. Bouncy Castle's lightweight API does the work: James ships it, and
 * Java 11, the official images' runtime, has no Ed25519 of its own.
 */
public final class AnchorKeys {
    private static final String PRIVATE = "PRIVATE KEY";
    private static final String PUBLIC = "PUBLIC KEY";

    private AnchorKeys() {
    }

    /** Signs with a private key. */
    public static final class Signer {
        private final Ed25519PrivateKeyParameters key;

        private Signer(Ed25519PrivateKeyParameters key) {
            this.key = key;
        }

        String sign(String text) {
            Ed25519Signer signer = new Ed25519Signer();
            signer.init(true, key);
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            signer.update(bytes, 0, bytes.length);
            return Base64.getEncoder().encodeToString(signer.generateSignature());
        }
    }

    /** Checks signatures with a public key. */
    public static final class Verifier {
        private final Ed25519PublicKeyParameters key;

        private Verifier(Ed25519PublicKeyParameters key) {
            this.key = key;
        }

        boolean verifies(String text, String signature) {
            byte[] signatureBytes;
            try {
                signatureBytes = Base64.getDecoder().decode(signature);
            } catch (IllegalArgumentException notBase64) {
                return false;
            }
            Ed25519Signer verifier = new Ed25519Signer();
            verifier.init(false, key);
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            verifier.update(bytes, 0, bytes.length);
            return verifier.verifySignature(signatureBytes);
        }
    }

    /**
     * The signer of the private key in {@code privateKey}; when the file does not exist, a new key is made there
     * (readable by its owner only) with its public half beside it, {@code <name>.pub}.
     */
    public static Signer signerFrom(Path privateKey) throws IOException {
        if (!Files.exists(privateKey)) {
            generate(privateKey);
        }
        AsymmetricKeyParameter key = PrivateKeyFactory.createKey(pem(privateKey, PRIVATE));
        if (!(key instanceof Ed25519PrivateKeyParameters)) {
            throw new IOException(privateKey + " is not an Ed25519 private key (openssl genpkey -algorithm ed25519)");
        }
        return new Signer((Ed25519PrivateKeyParameters) key);
    }

    public static Verifier verifierFrom(Path publicKey) throws IOException {
        AsymmetricKeyParameter key = PublicKeyFactory.createKey(pem(publicKey, PUBLIC));
        if (!(key instanceof Ed25519PublicKeyParameters)) {
            throw new IOException(publicKey + " is not an Ed25519 public key (openssl pkey -pubout)");
        }
        return new Verifier((Ed25519PublicKeyParameters) key);
    }

    /** Where the public half of {@code privateKey} is written. */
    public static Path publicKeyOf(Path privateKey) {
        return privateKey.resolveSibling(privateKey.getFileName() + ".pub");
    }

    private static void generate(Path privateKey) throws IOException {
        Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(new SecureRandom());
        Path parent = privateKey.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path written = Files.createTempFile(parent, ".anchor-key", ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(written, toPem(PRIVATE, PrivateKeyInfoFactory.createPrivateKeyInfo(key).getEncoded()));
        Files.move(written, privateKey);
        Files.writeString(publicKeyOf(privateKey),
            toPem(PUBLIC, SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(key.generatePublicKey()).getEncoded()));
    }

    private static byte[] pem(Path file, String label) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IOException(file + " is not a PEM file with " + begin);
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " holds a damaged PEM body", e);
        }
    }

    private static String toPem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
            + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
            + "\n-----END " + label + "-----\n";
    }
}
