package org.jamesmsa.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SenderOwnershipTest {
    private SenderOwnership ownership;

    @BeforeEach
    void accounts() throws Exception {
        ownership = TestAccounts.create().ownership();
    }

    @Test
    void aUserOwnsTheirAddressTheirAliasAndTheirAddressInAnAliasDomain() throws Exception {
        assertThat(ownership.owns(TestAccounts.ALICE, new MailAddress("alice@msa.test"))).isTrue();
        assertThat(ownership.owns(TestAccounts.ALICE, new MailAddress(TestAccounts.ALICE_ALIAS))).isTrue();
        assertThat(ownership.owns(TestAccounts.ALICE, new MailAddress("alice@alias.test"))).isTrue();
    }

    @Test
    void aUserOwnsNoOneElsesAddressNorAliasNorForeignAddress() throws Exception {
        assertThat(ownership.owns(TestAccounts.BOB, new MailAddress("alice@msa.test"))).isFalse();
        assertThat(ownership.owns(TestAccounts.BOB, new MailAddress(TestAccounts.ALICE_ALIAS))).isFalse();
        assertThat(ownership.owns(TestAccounts.ALICE, new MailAddress("alice@elsewhere.example"))).isFalse();
    }
}
