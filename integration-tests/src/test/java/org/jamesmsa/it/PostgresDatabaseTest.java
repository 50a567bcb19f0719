package org.jamesmsa.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jamesmsa.it.MsaTestServer.ALICE;
import static org.jamesmsa.it.MsaTestServer.ALICE_ALIAS;
import static org.jamesmsa.it.MsaTestServer.ALICE_PASSWORD;
import static org.jamesmsa.it.MsaTestServer.BOB;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.UUID;

import org.jamesmsa.mailets.DkimKey;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The server on a PostgreSQL database (MSA_DATABASE_URL) instead of embedded Derby: accounts, aliases and domains made
 * through webadmin, a submission delivered to a local mailbox and read over IMAP, MX mail to an alias; the tables are
 * PostgreSQL's, as a second node would find them.
 */
class PostgresDatabaseTest {
    /** The key this node had published before it joined a cluster. */
    private static final DkimKey PUBLISHED_KEY = newKey();

    private static DkimKey newKey() {
        try {
            return DkimKey.generate("msa1");
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
    @RegisterExtension
    @Order(1)
    static final PostgresServer DATABASE = new PostgresServer();

    @RegisterExtension
    @Order(2)
    static final MsaTestServer MSA = new MsaTestServer(DATABASE.environment()).preparingHome(home -> {
        Path folder = Files.createDirectories(home.resolve("dkim/" + MsaTestServer.DOMAIN));
        Files.writeString(folder.resolve("msa1.pem"), PUBLISHED_KEY.privatePem());
    });

    @Test
    void accountsAliasesAndMailboxesLiveInPostgresql() throws Exception {
        String submitted = "over postgresql " + UUID.randomUUID();
        try (SmtpClient client = MSA.submissionAfterStartTls()) {
            assertThat(client.authPlain(ALICE, ALICE_PASSWORD).code()).as("the account, read from PostgreSQL").isEqualTo(235);
            assertThat(client.sendMail(ALICE, BOB, "Subject: " + submitted + "\r\n\r\nhi\r\n").code()).isEqualTo(250);
        }
        MSA.awaitDelivered(BOB, submitted);
        String toAlias = "to an alias " + UUID.randomUUID();
        try (SmtpClient mta = MSA.mx()) {
            mta.ehlo("mta.elsewhere.example");
            assertThat(mta.sendMail("sender@elsewhere.example", ALICE_ALIAS, "Subject: " + toAlias + "\r\n\r\nhi\r\n").code())
                .isEqualTo(250);
        }
        MSA.awaitDelivered(ALICE, toAlias);

        try (Connection connection = DriverManager.getConnection(DATABASE.url(), PostgresServer.USER, PostgresServer.PASSWORD);
             ResultSet users = connection.createStatement().executeQuery("SELECT user_name FROM james_user ORDER BY user_name")) {
            java.util.List<String> names = new java.util.ArrayList<>();
            while (users.next()) {
                names.add(users.getString(1));
            }
            assertThat(names).contains(ALICE, BOB);
        }
    }

    @Test
    void theDkimKeyOfADomainIsTheDatabasesTakenFromTheKeyTheNodeHadPublished() throws Exception {
        try (Connection connection = DriverManager.getConnection(DATABASE.url(), PostgresServer.USER, PostgresServer.PASSWORD);
             ResultSet keys = connection.createStatement().executeQuery(
                 "SELECT selector, private_key, in_use FROM msa_dkim_key WHERE domain_name = '" + MsaTestServer.DOMAIN + "' ORDER BY selector")) {
            assertThat(keys.next()).isTrue();
            assertThat(keys.getString(1)).isEqualTo("msa1");
            assertThat(keys.getString(2)).isEqualTo(PUBLISHED_KEY.privatePem());
            assertThat(keys.getInt(3)).isEqualTo(1);
            assertThat(keys.next()).as("and the Ed25519 key the node made, having none").isTrue();
            assertThat(keys.getString(1)).isEqualTo("msa1-ed25519");
            assertThat(new org.jamesmsa.mailets.DkimKey(keys.getString(1), keys.getString(2)).algorithm())
                .isEqualTo(org.jamesmsa.mailets.DkimKey.Algorithm.ED25519);
            assertThat(keys.getInt(3)).isEqualTo(1);
            assertThat(keys.next()).as("one key per domain and algorithm").isFalse();
        }
        String subject = "signed " + UUID.randomUUID();
        try (SmtpClient client = MSA.submissionAfterStartTls()) {
            assertThat(client.authPlain(ALICE, ALICE_PASSWORD).code()).isEqualTo(235);
            assertThat(client.sendMail(ALICE, "friend@elsewhere.example", "From: " + ALICE + "\r\nSubject: " + subject + "\r\n\r\nhi\r\n").code()).isEqualTo(250);
        }
        String route = MSA.webAdmin().send(MSA.webAdmin().request("/msa/dkim/" + MsaTestServer.DOMAIN)).body();
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(route).path("record").asText())
            .as("the record of the database's key").isEqualTo(PUBLISHED_KEY.publishedRecord(MsaTestServer.DOMAIN).strip());
        assertThat(MSA.awaitRelayed(subject).getHeader("DKIM-Signature")).hasSize(2)
            .anySatisfy(signature -> assertThat(signature).contains("d=" + MsaTestServer.DOMAIN, "s=msa1;"))
            .anySatisfy(signature -> assertThat(signature).contains("d=" + MsaTestServer.DOMAIN, "s=msa1-ed25519;"));
    }
}
