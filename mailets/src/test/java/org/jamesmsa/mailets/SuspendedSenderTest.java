package org.jamesmsa.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.jamesmsa.contracts.TestAccounts;
import org.jamesmsa.contracts.Suspensions;
import org.jamesmsa.contracts.MemorySuspensions;
import org.junit.jupiter.api.Test;

class SuspendedSenderTest {
    private final MemorySuspensions suspensions = new MemorySuspensions();

    private SuspendedSender matcher() throws Exception {
        SuspendedSender matcher = new SuspendedSender(suspensions);
        matcher.init(FakeMatcherConfig.builder().matcherName("SuspendedSender").build());
        return matcher;
    }

    private static Mail submittedBy(Username user) throws Exception {
        return FakeMail.builder().name("m").sender("alice@msa.test").recipients("x@elsewhere.example", "bob@msa.test")
            .attribute(new Attribute(Mail.SMTP_AUTH_USER, AttributeValue.of(user.asString()))).build();
    }

    @Test
    void everyRecipientOfASuspendedAccountsMessageMatchesUntilItIsResumed() throws Exception {
        suspensions.suspend(new Suspensions.Suspension(TestAccounts.ALICE, Instant.now(), "admin", "stolen password"));
        SuspendedSender matcher = matcher();

        assertThat(matcher.match(submittedBy(TestAccounts.ALICE)))
            .containsExactly(new MailAddress("x@elsewhere.example"), new MailAddress("bob@msa.test"));

        suspensions.resume(TestAccounts.ALICE);
        assertThat(matcher.match(submittedBy(TestAccounts.ALICE))).isEmpty();
    }

    @Test
    void otherAccountsAndMailWithoutAnAuthenticatedSenderAreNotMatched() throws Exception {
        suspensions.suspend(new Suspensions.Suspension(TestAccounts.ALICE, Instant.now(), "admin", ""));
        SuspendedSender matcher = matcher();

        assertThat(matcher.match(submittedBy(TestAccounts.BOB))).isEmpty();
        assertThat(matcher.match(FakeMail.builder().name("mx").sender("alice@msa.test").recipients("bob@msa.test").build())).isEmpty();
    }
}
