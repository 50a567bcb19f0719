package org.jamesmsa.mailets;

import java.io.IOException;
import java.security.InvalidKeyException;
import java.security.InvalidParameterException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.SignatureException;
import java.security.SignatureSpi;

import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;

/**
 * The signature of {@code a=ed25519-sha256} (RFC 8463 3): PureEdDSA over the SHA-256 hash of the canonicalized header
 * data, not over the data itself. James's DKIM library asks the JCA for "SHA256withED25519", an algorithm no provider
 * offers under that meaning; this provider does, so that James's own {@code DKIMSign} signs with Ed25519 keys exactly
 * as it signs with RSA ones, canonicalization included.
 */
public final class DkimEd25519Provider extends Provider {
    static final String NAME = "JamesMsaDkimEd25519";
    private static final long serialVersionUID = 1L;

    private DkimEd25519Provider() {
        super(NAME, "1.0", "ed25519-sha256 signatures of DKIM (RFC 8463)");
        put("Signature.SHA256withED25519", Sha256ThenEd25519.class.getName());
    }

    /** Installs the provider once per JVM, after the others: it offers nothing they do. */
    public static synchronized void install() {
        if (Security.getProvider(NAME) == null) {
            Security.addProvider(new DkimEd25519Provider());
        }
    }

    /** Hashes what it is given, then signs (or verifies) the 32-byte hash with Ed25519. */
    public static final class Sha256ThenEd25519 extends SignatureSpi {
        private final MessageDigest sha256;
        private Ed25519PrivateKeyParameters privateKey;
        private Ed25519PublicKeyParameters publicKey;

        public Sha256ThenEd25519() throws NoSuchAlgorithmException {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        }

        @Override
        protected void engineInitSign(PrivateKey key) throws InvalidKeyException {
            AsymmetricKeyParameter parameter = parameter(() -> PrivateKeyFactory.createKey(key.getEncoded()));
            if (!(parameter instanceof Ed25519PrivateKeyParameters)) {
                throw new InvalidKeyException("not an Ed25519 private key: " + key.getAlgorithm());
            }
            privateKey = (Ed25519PrivateKeyParameters) parameter;
            publicKey = null;
            sha256.reset();
        }

        @Override
        protected void engineInitVerify(PublicKey key) throws InvalidKeyException {
            AsymmetricKeyParameter parameter = parameter(() -> PublicKeyFactory.createKey(key.getEncoded()));
            if (!(parameter instanceof Ed25519PublicKeyParameters)) {
                throw new InvalidKeyException("not an Ed25519 public key: " + key.getAlgorithm());
            }
            publicKey = (Ed25519PublicKeyParameters) parameter;
            privateKey = null;
            sha256.reset();
        }

        private interface Decoding {
            AsymmetricKeyParameter decode() throws IOException;
        }

        private static AsymmetricKeyParameter parameter(Decoding decoding) throws InvalidKeyException {
            try {
                return decoding.decode();
            } catch (IOException | RuntimeException e) {
                throw new InvalidKeyException("cannot read the key: " + e.getMessage(), e);
            }
        }

        @Override
        protected void engineUpdate(byte b) {
            sha256.update(b);
        }

        @Override
        protected void engineUpdate(byte[] bytes, int offset, int length) {
            sha256.update(bytes, offset, length);
        }

        @Override
        protected byte[] engineSign() throws SignatureException {
            if (privateKey == null) {
                throw new SignatureException("not initialized for signing");
            }
            Ed25519Signer signer = new Ed25519Signer();
            signer.init(true, privateKey);
            byte[] hash = sha256.digest();
            signer.update(hash, 0, hash.length);
            return signer.generateSignature();
        }

        @Override
        protected boolean engineVerify(byte[] signature) throws SignatureException {
            if (publicKey == null) {
                throw new SignatureException("not initialized for verifying");
            }
            Ed25519Signer verifier = new Ed25519Signer();
            verifier.init(false, publicKey);
            byte[] hash = sha256.digest();
            verifier.update(hash, 0, hash.length);
            return verifier.verifySignature(signature);
        }

        @Override
        @Deprecated
        protected void engineSetParameter(String param, Object value) {
            throw new InvalidParameterException("no parameters");
        }

        @Override
        @Deprecated
        protected Object engineGetParameter(String param) {
            throw new InvalidParameterException("no parameters");
        }
    }
}
