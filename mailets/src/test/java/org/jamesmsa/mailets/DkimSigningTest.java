package org.jamesmsa.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.jamesmsa.contracts.ListenerRole;
import org.jamesmsa.contracts.SessionFact;
import org.jamesmsa.contracts.SubmissionFacts;
import org.jamesmsa.contracts.TestAccounts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signing and keys; the signature itself is checked by python3-dkim in IdentityAndSigningTest. */
class DkimSigningTest {
    @TempDir
    Path keys;
    private DkimSigning mailet;

    @BeforeEach
    void init() throws Exception {
        mailet = new DkimSigning(TestAccounts.create().domains);
        mailet.init(FakeMailetConfig.builder().mailetName("DkimSigning").mailetContext(FakeMailContext.defaultContext())
            .setProperty("keyDirectory", keys.toString()).build());
    }

    private static FakeMail submission(ListenerRole listener, String user, String envelope, String from) throws Exception {
        FakeMail mail = FakeMail.builder().name("m").sender(envelope).recipient("friend@elsewhere.example")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().addFrom(from).setSubject("hi").setText("body")).build();
        SubmissionFacts.builder(listener).with(SessionFact.AUTH_USER, user).build().writeTo(mail);
        return mail;
    }

    @Test
    void everyLocalDomainGetsAKeyAndItsRecordAtStart() throws Exception {
        assertThat(keys.resolve("msa.test/msa1.pem")).content().startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.getPosixFilePermissions(keys.resolve("msa.test/msa1.pem"))).extracting(Object::toString)
            .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
        assertThat(keys.resolve("msa.test/msa1._domainkey.msa.test.txt")).content()
            .startsWith("msa1._domainkey.msa.test. IN TXT ( \"v=DKIM1; k=rsa; p=MIIBIjAN");
        assertThat(keys.resolve("alias.test/msa1.pem")).exists();
    }

    @Test
    void theFromsLocalDomainSignsElseTheEnvelopesAndNeitherLeavesItUnsigned() throws Exception {
        FakeMail own = submission(ListenerRole.SUBMISSION, "alice@msa.test", "alice@msa.test", "Alice <alice@msa.test>");
        FakeMail viaAlias = submission(ListenerRole.SUBMISSIONS, "alice@msa.test", "alice@msa.test", "alice@alias.test");
        FakeMail foreignFrom = submission(ListenerRole.SUBMISSION, "alice@msa.test", "alice@msa.test", "boss@elsewhere.example");
        FakeMail foreign = submission(ListenerRole.SUBMISSION, "alice@msa.test", "someone@elsewhere.example", "boss@elsewhere.example");

        for (FakeMail mail : new FakeMail[] {own, viaAlias, foreignFrom, foreign}) {
            mailet.service(mail);
        }

        assertThat(own.getMessage().getHeader("DKIM-Signature")[0]).contains("d=msa.test", "s=msa1", "a=rsa-sha256",
            "c=relaxed/relaxed", "h=From:Sender:Reply-To:Subject:Date:Message-ID").doesNotContain("X-MSA-Trace", "Received");
        assertThat(viaAlias.getMessage().getHeader("DKIM-Signature")[0]).contains("d=alias.test");
        assertThat(foreignFrom.getMessage().getHeader("DKIM-Signature")[0]).as("the envelope's domain").contains("d=msa.test");
        assertThat(foreign.getMessage().getHeader("DKIM-Signature")).isNull();
    }

    @Test
    void mxMailIsNeverSigned() throws Exception {
        FakeMail mx = submission(ListenerRole.MX, null, "alice@msa.test", "alice@msa.test");

        mailet.service(mx);

        assertThat(mx.getMessage().getHeader("DKIM-Signature")).isNull();
    }

    @Test
    void writingANewSelectorRotatesTheKeyAtTheNextMessage() throws Exception {
        Files.writeString(keys.resolve("msa.test/selector"), "msa2\n");
        FakeMail mail = submission(ListenerRole.SUBMISSION, "alice@msa.test", "alice@msa.test", "alice@msa.test");

        mailet.service(mail);

        assertThat(mail.getMessage().getHeader("DKIM-Signature")[0]).contains("s=msa2");
        assertThat(keys.resolve("msa.test/msa2._domainkey.msa.test.txt")).exists();
        assertThat(keys.resolve("msa.test/msa1.pem")).as("the old key stays until its record is withdrawn").exists();
    }

    @Test
    void anEd25519KeyAndItsRecordAreMadeBesideTheRsaOneAndSignEveryMessageToo() throws Exception {
        assertThat(keys.resolve("msa.test/msa1-ed25519._domainkey.msa.test.txt")).content()
            .matches("msa1-ed25519\\._domainkey\\.msa\\.test\\. IN TXT \\( \"v=DKIM1; k=ed25519; p=[A-Za-z0-9+/]{43}=\" \\)\n");
        FakeMail mail = submission(ListenerRole.SUBMISSION, "alice@msa.test", "alice@msa.test", "alice@msa.test");

        mailet.service(mail);

        String[] signatures = mail.getMessage().getHeader("DKIM-Signature");
        assertThat(signatures).hasSize(2);
        assertThat(signatures[0]).as("the first algorithm listed on top").contains("a=rsa-sha256", "s=msa1;");
        assertThat(signatures[1]).contains("a=ed25519-sha256", "s=msa1-ed25519;", "d=msa.test", "c=relaxed/relaxed");
        assertThat(signatures[1].replaceAll("\\s", "")).matches(".*b=[A-Za-z0-9+/]{86}==.*");
    }

    @Test
    void theEd25519KeyRotatesByItsOwnSelectorFileAndTheAlgorithmsAreChosen() throws Exception {
        Files.writeString(keys.resolve("msa.test/selector-ed25519"), "ed2\n");
        FakeMail mail = submission(ListenerRole.SUBMISSION, "alice@msa.test", "alice@msa.test", "alice@msa.test");
        mailet.service(mail);
        assertThat(mail.getMessage().getHeader("DKIM-Signature")[1]).contains("s=ed2;");

        DkimSigning rsaOnly = new DkimSigning(TestAccounts.create().domains);
        rsaOnly.init(FakeMailetConfig.builder().mailetName("DkimSigning").mailetContext(FakeMailContext.defaultContext())
            .setProperty("keyDirectory", keys.toString()).setProperty("algorithms", "rsa-sha256").build());
        FakeMail once = submission(ListenerRole.SUBMISSION, "alice@msa.test", "alice@msa.test", "alice@msa.test");
        rsaOnly.service(once);
        assertThat(once.getMessage().getHeader("DKIM-Signature")).singleElement().asString().contains("a=rsa-sha256");

        DkimSigning wrong = new DkimSigning(TestAccounts.create().domains);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> wrong.init(FakeMailetConfig.builder().mailetName("DkimSigning")
                .mailetContext(FakeMailContext.defaultContext()).setProperty("keyDirectory", keys.toString())
                .setProperty("algorithms", "rsa-sha1").build()))
            .hasMessageContaining("<algorithms> of mailet DkimSigning has value 'rsa-sha1'");
    }

    @Test
    void aKeyOfTheWrongAlgorithmUnderASelectorIsRefusedNamingTheFile() throws Exception {
        Files.writeString(keys.resolve("msa.test/selector-ed25519"), "msa1\n");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new FolderDkimKeys(keys, "msa1").inUse("msa.test", DkimKey.Algorithm.ED25519))
            .hasMessage(keys.resolve("msa.test/msa1.pem") + " is an rsa key where the ed25519 key is expected (selector-ed25519)");
    }
}
