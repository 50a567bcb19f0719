package org.jamesmsa.smtp.submission.sasl;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Decodes the client's SASL responses: PLAIN (RFC 4616), LOGIN, EXTERNAL (RFC 4422 appendix A), OAUTHBEARER
 * (RFC 7628) and XOAUTH2 (Google's format). Knows nothing of James, so that every malformed input can be tested on
 * its own.
 */
public final class SaslResponses {

    /**
     * What a client offered: an authorization identity (may be empty), a login (empty for OAUTHBEARER, which names
     * only an authorization identity) and a secret (a password, or a bearer token).
     */
    public static final class Credentials {
        private final String authorizationId;
        private final String login;
        private final String secret;

        public Credentials(String authorizationId, String login, String secret) {
            this.authorizationId = authorizationId;
            this.login = login;
            this.secret = secret;
        }

        public String authorizationId() {
            return authorizationId;
        }

        public String login() {
            return login;
        }

        /** The password, or the bearer token. */
        public String secret() {
            return secret;
        }

        /** PLAIN's proxy request: act as an identity other than the login. */
        public boolean asksForAnotherIdentity() {
            return !authorizationId.isEmpty() && !authorizationId.equals(login);
        }

        /** The identity the client says it is or acts as, empty when it names none. */
        public String claimedIdentity() {
            return authorizationId.isEmpty() ? login : authorizationId;
        }

        @Override
        public boolean equals(Object other) {
            if (!(other instanceof Credentials)) {
                return false;
            }
            Credentials that = (Credentials) other;
            return authorizationId.equals(that.authorizationId) && login.equals(that.login) && secret.equals(that.secret);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(authorizationId, login, secret);
        }

        /** Never shows the secret: credentials end up in logs through toString more often than not. */
        @Override
        public String toString() {
            return "Credentials[authorizationId=" + authorizationId + ", login=" + login + "]";
        }
    }

    /** Thrown for a response that is not valid base64, not UTF-8, or not of the mechanism's shape. */
    public static final class MalformedResponseException extends Exception {
        public MalformedResponseException(String reason) {
            super(reason);
        }
    }

    private static final int MAX_DECODED_LENGTH = 4096;

    private SaslResponses() {
    }

    /**
     * RFC 4616: message = [authzid] UTF8NUL authcid UTF8NUL passwd. Exactly two NULs; login and password must
     * not be empty. RFC 4954 section 4: a lone "=" stands for an empty initial response.
     */
    public static Credentials decodePlain(String base64) throws MalformedResponseException {
        String message = decodeText(base64);
        String[] parts = message.split("\0", -1);
        if (parts.length != 3) {
            throw new MalformedResponseException("PLAIN response must hold exactly three NUL-separated fields");
        }
        if (parts[1].isEmpty() || parts[2].isEmpty()) {
            throw new MalformedResponseException("PLAIN response has an empty login or password");
        }
        return new Credentials(parts[0], parts[1], parts[2]);
    }

    /** One field of the LOGIN mechanism (user name or password): base64 text without NUL. */
    public static String decodeLoginField(String base64) throws MalformedResponseException {
        String field = decodeText(base64);
        if (field.isEmpty() || field.indexOf('\0') >= 0) {
            throw new MalformedResponseException("LOGIN field is empty or contains NUL");
        }
        return field;
    }

    /** A login as a James user name, or empty when it cannot be one (an empty local part, two @...). */
    public static java.util.Optional<org.apache.james.core.Username> username(String login) {
        try {
            return java.util.Optional.of(org.apache.james.core.Username.of(login));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    /** RFC 4422 appendix A: the authorization identity, empty when the client sends none ({@code =}). */
    public static String decodeExternal(String base64) throws MalformedResponseException {
        String authorizationId = decodeText(base64);
        if (authorizationId.indexOf('\0') >= 0) {
            throw new MalformedResponseException("EXTERNAL authorization identity contains NUL");
        }
        return authorizationId;
    }

    /**
     * RFC 7628 3.1: {@code gs2-header ^A *(key "=" value ^A) ^A}, where the gs2-header is {@code n,a=<authzid>,} or
     * {@code n,,} and the {@code auth} value is {@code Bearer <token>}. Channel binding ({@code p=}, {@code y}) is
     * not supported: refused as malformed.
     */
    public static Credentials decodeOAuthBearer(String base64) throws MalformedResponseException {
        String message = decodeText(base64);
        int firstSeparator = message.indexOf('\u0001');
        if (!message.startsWith("n,") || firstSeparator < 0) {
            throw new MalformedResponseException("OAUTHBEARER response must start with the GS2 header n,[a=identity],");
        }
        String[] header = message.substring(0, firstSeparator).split(",", -1);
        if (header.length != 3 || !header[2].isEmpty() || !(header[1].isEmpty() || header[1].startsWith("a="))) {
            throw new MalformedResponseException("OAUTHBEARER GS2 header is not n,[a=identity],");
        }
        String authorizationId = header[1].isEmpty() ? "" : header[1].substring(2);
        return new Credentials(authorizationId, "", bearerToken(message.substring(firstSeparator + 1), "OAUTHBEARER"));
    }

    /** {@code user=<login> ^A auth=Bearer <token> ^A ^A}. */
    public static Credentials decodeXOAuth2(String base64) throws MalformedResponseException {
        String message = decodeText(base64);
        String user = null;
        for (String pair : message.split("\u0001")) {
            if (pair.startsWith("user=")) {
                user = pair.substring("user=".length());
            }
        }
        if (user == null || user.isEmpty()) {
            throw new MalformedResponseException("XOAUTH2 response has no user=");
        }
        return new Credentials("", user, bearerToken(message, "XOAUTH2"));
    }

    private static String bearerToken(String pairs, String mechanism) throws MalformedResponseException {
        for (String pair : pairs.split("\u0001")) {
            if (pair.regionMatches(true, 0, "auth=Bearer ", 0, "auth=Bearer ".length())) {
                String token = pair.substring("auth=Bearer ".length()).strip();
                if (!token.isEmpty()) {
                    return token;
                }
            }
        }
        throw new MalformedResponseException(mechanism + " response has no auth=Bearer token");
    }

    private static String decodeText(String base64) throws MalformedResponseException {
        String trimmed = base64.strip();
        if (trimmed.equals("=")) {
            return "";
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException e) {
            throw new MalformedResponseException("response is not valid base64");
        }
        if (bytes.length > MAX_DECODED_LENGTH) {
            throw new MalformedResponseException("response is longer than " + MAX_DECODED_LENGTH + " bytes");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedResponseException("response is not UTF-8");
        }
    }
}
