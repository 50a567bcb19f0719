package org.jamesmsa.smtp.submission.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.jamesmsa.smtp.submission.sasl.SaslResponses.Credentials;
import org.jamesmsa.smtp.submission.sasl.SaslResponses.MalformedResponseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SaslResponsesTest {

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void plainWithEmptyAuthorizationIdentity() throws Exception {
        Credentials credentials = SaslResponses.decodePlain(base64("\0alice@example.org\0s3cret"));

        assertThat(credentials).isEqualTo(new Credentials("", "alice@example.org", "s3cret"));
        assertThat(credentials.asksForAnotherIdentity()).isFalse();
    }

    @Test
    void plainWithTheSameAuthorizationIdentityIsNotProxying() throws Exception {
        Credentials credentials = SaslResponses.decodePlain(base64("alice\0alice\0pw"));

        assertThat(credentials.asksForAnotherIdentity()).isFalse();
    }

    @Test
    void plainAskingForAnotherIdentityIsDetected() throws Exception {
        assertThat(SaslResponses.decodePlain(base64("bob\0alice\0pw")).asksForAnotherIdentity()).isTrue();
    }

    @Test
    void plainPasswordMayContainSpacesAndNonAscii() throws Exception {
        assertThat(SaslResponses.decodePlain(base64("\0alice\0mot de passe é")).secret()).isEqualTo("mot de passe é");
    }

    @Test
    void surroundingWhitespaceOfTheLineIsIgnored() throws Exception {
        assertThat(SaslResponses.decodePlain("  " + base64("\0alice\0pw") + "\r\n").login()).isEqualTo("alice");
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice:pw", "\0alice", "alice\0pw", "\0\0pw", "\0alice\0", "a\0b\0c\0d", ""})
    void plainOfTheWrongShapeIsMalformed(String decoded) {
        assertThatThrownBy(() -> SaslResponses.decodePlain(base64(decoded)))
            .isInstanceOf(MalformedResponseException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"!!!", "%%%", "YWxp Y2U=", "YQ=x", "*"})
    void invalidBase64IsMalformed(String response) {
        assertThatThrownBy(() -> SaslResponses.decodePlain(response))
            .isInstanceOf(MalformedResponseException.class)
            .hasMessageContaining("base64");
    }

    @Test
    void emptyInitialResponseIsAnEmptyMessage() {
        assertThatThrownBy(() -> SaslResponses.decodePlain("="))
            .isInstanceOf(MalformedResponseException.class)
            .hasMessageContaining("three");
    }

    @Test
    void invalidUtf8IsMalformed() {
        String notUtf8 = Base64.getEncoder().encodeToString(new byte[] {0, 'a', 0, (byte) 0xC3, (byte) 0x28});

        assertThatThrownBy(() -> SaslResponses.decodePlain(notUtf8)).hasMessageContaining("UTF-8");
    }

    @Test
    void oversizedResponseIsMalformed() {
        String huge = base64("\0alice\0" + "x".repeat(5000));

        assertThatThrownBy(() -> SaslResponses.decodePlain(huge)).hasMessageContaining("longer");
    }

    @Test
    void loginFieldDecodes() throws Exception {
        assertThat(SaslResponses.decodeLoginField(base64("alice@example.org"))).isEqualTo("alice@example.org");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a\0b"})
    void loginFieldMustBeNonEmptyWithoutNul(String decoded) {
        assertThatThrownBy(() -> SaslResponses.decodeLoginField(base64(decoded)))
            .isInstanceOf(MalformedResponseException.class);
    }

    @Test
    void oauthBearerNamesItsIdentityInTheGs2HeaderAndItsTokenInAuth() throws Exception {
        Credentials bearer = SaslResponses.decodeOAuthBearer(base64("n,a=alice@example.org,\u0001host=msa\u0001auth=Bearer t0k3n\u0001\u0001"));

        assertThat(bearer.claimedIdentity()).isEqualTo("alice@example.org");
        assertThat(bearer.secret()).isEqualTo("t0k3n");
        assertThat(SaslResponses.decodeOAuthBearer(base64("n,,\u0001auth=Bearer t0k3n\u0001\u0001")).claimedIdentity()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"y,,\u0001auth=Bearer t\u0001\u0001", "n,a=alice\u0001auth=Bearer t\u0001\u0001",
        "n,,\u0001auth=Basic dXNlcg==\u0001\u0001", "n,,\u0001auth=Bearer \u0001\u0001", "p=tls-unique,,\u0001auth=Bearer t\u0001\u0001"})
    void oauthBearerWithoutItsShapeIsMalformed(String message) {
        assertThatThrownBy(() -> SaslResponses.decodeOAuthBearer(base64(message))).isInstanceOf(MalformedResponseException.class);
    }

    @Test
    void xoauth2NamesItsUserAndToken() throws Exception {
        Credentials bearer = SaslResponses.decodeXOAuth2(base64("user=alice@example.org\u0001auth=Bearer t0k3n\u0001\u0001"));

        assertThat(bearer.claimedIdentity()).isEqualTo("alice@example.org");
        assertThat(bearer.secret()).isEqualTo("t0k3n");
        assertThatThrownBy(() -> SaslResponses.decodeXOAuth2(base64("auth=Bearer t0k3n\u0001\u0001")))
            .hasMessage("XOAUTH2 response has no user=");
    }

    @Test
    void externalCarriesAnOptionalAuthorizationIdentity() throws Exception {
        assertThat(SaslResponses.decodeExternal("=")).isEmpty();
        assertThat(SaslResponses.decodeExternal(base64("alice@example.org"))).isEqualTo("alice@example.org");
        assertThatThrownBy(() -> SaslResponses.decodeExternal(base64("alice\0bob"))).isInstanceOf(MalformedResponseException.class);
    }
}
