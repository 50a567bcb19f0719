package org.jamesmsa.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import javax.persistence.EntityManagerFactory;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JpaLocalDeliveriesTest {
    private static final MailAddress ALICE = address("alice@example.org");
    private static final MailAddress BOB = address("bob@example.org");

    private static MailAddress address(String text) {
        try {
            return new MailAddress(text);
        } catch (javax.mail.internet.AddressException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void aMessageIsClaimedOncePerRecipientWhicheverInstanceAsks(@TempDir Path folder) throws Exception {
        EntityManagerFactory database = JpaTestDatabase.open(folder);
        try {
            JpaLocalDeliveries node1 = new JpaLocalDeliveries(database);
            JpaLocalDeliveries node2 = new JpaLocalDeliveries(database);

            assertThat(node1.claim("Mail1-abc", ALICE)).isTrue();
            assertThat(node1.claim("Mail1-abc", BOB)).as("another recipient").isTrue();
            assertThat(node2.claim("Mail1-abc", ALICE)).as("claimed before, by the other instance").isFalse();
            assertThat(node1.claim("Mail2-def", ALICE)).as("another message").isTrue();
        } finally {
            database.close();
        }
    }

    @Test
    void claimsOlderThanAWeekAreForgotten(@TempDir Path folder) throws Exception {
        EntityManagerFactory database = JpaTestDatabase.open(folder);
        try {
            Instant start = Instant.parse("2026-12-01T00:00:00Z");
            new JpaLocalDeliveries(database, Clock.fixed(start, ZoneOffset.UTC)).claim("Mail1-abc", ALICE);

            JpaLocalDeliveries aWeekLater = new JpaLocalDeliveries(database,
                Clock.fixed(start.plus(JpaLocalDeliveries.KEPT).plusSeconds(1), ZoneOffset.UTC));

            assertThat(aWeekLater.claim("Mail2-def", ALICE)).isTrue();
            assertThat(aWeekLater.claim("Mail1-abc", ALICE)).as("its record was removed").isTrue();
        } finally {
            database.close();
        }
    }
}
