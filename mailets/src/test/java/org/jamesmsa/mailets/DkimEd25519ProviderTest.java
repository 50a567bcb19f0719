package org.jamesmsa.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.jdkim.mailets.DKIMSign;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.junit.jupiter.api.Test;

/** RFC 8463 Appendix A, signed by James's own DKIMSign through the provider: the same bytes as the RFC's. */
class DkimEd25519ProviderTest {
    /** RFC 8463 A.2 (the RFC 8032 7.1 test key): the private key's seed, and the public key of the record. */
    private static final String SEED = "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=";
    private static final String PUBLIC = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
    /** RFC 8463 A.1, the message RFC 6376 signs in its Appendix A. */
    private static final String MESSAGE = String.join("\r\n",
        "From: Joe SixPack <joe@football.example.com>",
        "To: Suzie Q <suzie@shopping.example.net>",
        "Subject: Is dinner ready?",
        "Date: Fri, 11 Jul 2003 21:00:37 -0700 (PDT)",
        "Message-ID: <20030712040037.46341.5F8J@football.example.com>",
        "",
        "Hi.",
        "",
        "We lost the game.  Are you hungry yet?",
        "",
        "Joe.",
        "");

    private static DkimKey rfcKey() throws Exception {
        byte[] pkcs8 = PrivateKeyInfoFactory.createPrivateKeyInfo(new Ed25519PrivateKeyParameters(Base64.getDecoder().decode(SEED)))
            .getEncoded();
        return new DkimKey("brisbane", "-----BEGIN PRIVATE KEY-----\n" + Base64.getEncoder().encodeToString(pkcs8)
            + "\n-----END PRIVATE KEY-----\n");
    }

    /**
     * RFC 8463 A.3: the canonicalized header fields of the example and its DKIM-Signature with an empty {@code b=},
     * as a verifier hashes them, signed by the provider: the RFC's {@code b=}, byte for byte (Ed25519 is deterministic).
     */
    @Test
    void theRfc8463ExampleSignatureComesOutByteForByte() throws Exception {
        String signedData = "from:Joe SixPack <joe@football.example.com>\r\n"
            + "to:Suzie Q <suzie@shopping.example.net>\r\n"
            + "subject:Is dinner ready?\r\n"
            + "date:Fri, 11 Jul 2003 21:00:37 -0700 (PDT)\r\n"
            + "message-id:<20030712040037.46341.5F8J@football.example.com>\r\n"
            + "dkim-signature:v=1; a=ed25519-sha256; c=relaxed/relaxed; d=football.example.com; i=@football.example.com; "
            + "q=dns/txt; s=brisbane; t=1528637909; h=from : to : subject : date : message-id : from : subject : date; "
            + "bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=; b=";
        DkimEd25519Provider.install();
        Signature signature = Signature.getInstance("SHA256withED25519");
        signature.initSign(pkcs8(rfcKey()));
        signature.update(signedData.getBytes(StandardCharsets.US_ASCII));

        assertThat(Base64.getEncoder().encodeToString(signature.sign()))
            .isEqualTo("/gCrinpcQOoIfuHNQIbq4pgh9kyIK3AQUdt9OdqQehSwhEIug4D11BusFa3bT3FY5OsU7ZbnKELq+eXdp1Q1Dw==");
    }

    /**
     * James's DKIMSign with an Ed25519 key: the body hash of RFC 8463 A.3 and an Ed25519 b= (python3-dkim checks one in
     * IdentityAndSigningTest).
     */
    @Test
    void jamesDkimSignSignsWithEd25519ThroughTheProvider() throws Exception {
        DkimEd25519Provider.install();
        DKIMSign sign = new DKIMSign();
        sign.init(new GivenParameters("DKIMSign", FakeMailContext.defaultContext(), Map.of(
            "signatureTemplate", "v=1; a=ed25519-sha256; c=relaxed/relaxed; d=football.example.com; s=brisbane; "
                + "h=from:to:subject:date:message-id; bh=; b=;",
            "privateKey", rfcKey().privatePem())));
        FakeMail mail = FakeMail.builder().name("rfc8463")
            .mimeMessage(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(MESSAGE.getBytes(StandardCharsets.US_ASCII))))
            .build();

        sign.service(mail);

        String header = mail.getMessage().getHeader("DKIM-Signature")[0];
        String unfolded = header.replaceAll("\\s", "");
        assertThat(unfolded).contains("a=ed25519-sha256;", "bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=;");
        String b = unfolded.replaceAll(".*(?:^|;)b=([^;]*).*", "$1");
        assertThat(Base64.getDecoder().decode(b)).as("an Ed25519 signature").hasSize(64);
    }

    /** The PrivateKey the JCA hands the provider: James's DKIMSign gives Bouncy Castle's, whose encoding is PKCS #8. */
    private static PrivateKey pkcs8(DkimKey key) {
        byte[] der = Base64.getMimeDecoder().decode(key.privatePem().replaceAll("-----[A-Z ]+-----", ""));
        return new PrivateKey() {
            private static final long serialVersionUID = 1L;

            @Override
            public String getAlgorithm() {
                return "Ed25519";
            }

            @Override
            public String getFormat() {
                return "PKCS#8";
            }

            @Override
            public byte[] getEncoded() {
                return der.clone();
            }
        };
    }

    @Test
    void theRecordOfAnEd25519KeyCarriesItsThirtyTwoBytesNotAnAsn1Structure() throws Exception {
        DkimKey key = rfcKey();

        assertThat(key.algorithm()).isEqualTo(DkimKey.Algorithm.ED25519);
        assertThat(key.publicKey()).isEqualTo(PUBLIC);
        assertThat(key.publishedRecord("football.example.com"))
            .isEqualTo("brisbane._domainkey.football.example.com. IN TXT ( \"v=DKIM1; k=ed25519; p=" + PUBLIC + "\" )\n");
        DkimKey generated = DkimKey.generate("msa1-ed25519", DkimKey.Algorithm.ED25519);
        assertThat(Base64.getDecoder().decode(generated.publicKey())).hasSize(32);
        assertThat(DkimKey.generate("msa1").algorithm()).isEqualTo(DkimKey.Algorithm.RSA);
    }

    @Test
    void aPemThatIsNoRsaOrEd25519PrivateKeyIsRefused() {
        assertThatThrownBy(() -> new DkimKey("s", "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n"))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("not a PKCS #8 private key (BEGIN PRIVATE KEY)");
        assertThatThrownBy(() -> DkimKey.Algorithm.named("rsa-sha1")).hasMessage("'rsa-sha1' is not a DKIM algorithm: rsa-sha256 or ed25519-sha256");
        assertThat(DkimKey.Algorithm.named(" Ed25519-SHA256 ")).isEqualTo(DkimKey.Algorithm.ED25519);
    }

}
