package org.jamesmsa.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jamesmsa.it.MsaTestServer.ALICE;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import org.jamesmsa.it.SmtpClient.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.sun.net.httpserver.HttpServer;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.SignatureAlgorithm;

/**
 * OAUTHBEARER (RFC 7628) on 587 after STARTTLS, with a token signed by a key that an OpenID Connect provider on
 * loopback serves as JWKS, verified by James's own token verification: the listener's {@code <auth><oidc>}.
 */
class OAuthBearerTest {
    private static final KeyPair PROVIDER_KEY = rsa();
    private static final KeyPair OTHER_KEY = rsa();
    private static final HttpServer PROVIDER = provider();

    @RegisterExtension
    static final MsaTestServer MSA = new MsaTestServer().withConfChanges(Map.of("smtpserver.xml", Map.of(
        "<!-- PLAIN and LOGIN, over TLS only. -->",
        "<oidc><oidcConfigurationURL>" + providerUrl("/.well-known/openid-configuration") + "</oidcConfigurationURL>"
            + "<jwksURL>" + providerUrl("/jwks") + "</jwksURL><claim>email</claim><scope>openid email</scope></oidc>")));

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The provider's JWKS (the public half of PROVIDER_KEY, kid "k1") and its discovery document, on loopback. */
    private static HttpServer provider() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
            RSAPublicKey key = (RSAPublicKey) PROVIDER_KEY.getPublic();
            String jwks = "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"k1\",\"use\":\"sig\",\"alg\":\"RS256\",\"n\":\"" + unsigned(key.getModulus())
                + "\",\"e\":\"" + unsigned(key.getPublicExponent()) + "\"}]}";
            serve(server, "/jwks", jwks);
            serve(server, "/.well-known/openid-configuration", "{\"issuer\":\"http://127.0.0.1\",\"jwks_uri\":\"/jwks\"}");
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void serve(HttpServer server, String path, String json) {
        server.createContext(path, exchange -> {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
    }

    private static String unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes[0] == 0) {
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String providerUrl(String path) {
        return "http://127.0.0.1:" + PROVIDER.getAddress().getPort() + path;
    }

    @AfterAll
    static void stopProvider() {
        PROVIDER.stop(0);
    }

    private static String token(KeyPair signer, String email) {
        return Jwts.builder().setHeaderParam("kid", "k1").setSubject(UUID.randomUUID().toString()).claim("email", email)
            .setIssuedAt(new Date()).setExpiration(Date.from(Instant.now().plusSeconds(600)))
            .signWith(signer.getPrivate(), SignatureAlgorithm.RS256).compact();
    }

    private static String oauthBearer(String user, String token) {
        return SmtpClient.base64("n,a=" + user + ",\u0001auth=Bearer " + token + "\u0001\u0001");
    }

    @Test
    void aTokenOfTheProviderAuthenticatesItsUserWhoThenSubmits() throws Exception {
        try (SmtpClient client = MSA.submission()) {
            client.ehlo("client.example");
            Reply ehlo = client.startTls("client.example");
            assertThat(ehlo.lines()).anyMatch(line -> line.substring(4).equals("AUTH PLAIN LOGIN OAUTHBEARER XOAUTH2"));

            Reply auth = client.send("AUTH OAUTHBEARER " + oauthBearer(ALICE, token(PROVIDER_KEY, ALICE)));
            assertThat(auth.text()).isEqualTo("235 2.7.0 Authentication successful");

            Reply accepted = client.sendMail(ALICE, "friend@elsewhere.example", "Subject: by token\r\n\r\nhi\r\n");
            assertThat(accepted.code()).as(accepted.text()).isEqualTo(250);
        }
        assertThat(MSA.awaitRelayed("by token")).isNotNull();
    }

    @Test
    void aTokenSignedByAnotherKeyGetsTheErrorChallengeThen535() throws Exception {
        try (SmtpClient client = MSA.submissionAfterStartTls()) {
            Reply challenge = client.send("AUTH OAUTHBEARER " + oauthBearer(ALICE, token(OTHER_KEY, ALICE)));
            assertThat(challenge.code()).isEqualTo(334);
            assertThat(new String(Base64.getDecoder().decode(challenge.lines().get(0).substring(4)), StandardCharsets.UTF_8))
                .contains("\"status\":\"invalid_token\"", providerUrl("/.well-known/openid-configuration"));

            assertThat(client.send("AQ==").text()).isEqualTo("535 5.7.8 Authentication credentials invalid");
            assertThat(client.send("MAIL FROM:<" + ALICE + ">").text()).isEqualTo("530 5.7.0 Authentication required");
        }
    }

    @Test
    void beforeTlsNoTokenIsAccepted() throws Exception {
        try (SmtpClient client = MSA.submission()) {
            client.ehlo("client.example");
            assertThat(client.send("AUTH OAUTHBEARER " + oauthBearer(ALICE, token(PROVIDER_KEY, ALICE))).text()).startsWith("538 5.7.11");
        }
    }
}
