package org.jamesmsa.smtp.mx;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RelayAddressSyntaxFilterTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "TO:<victim%remote.example@local.example>      | '%' in the local part",
        "TO:<victim%remote.example>                    | '%' in the local part",
        "TO:<remote.example!victim@local.example>      | '!' in the local part",
        "TO:<\"victim@remote.example\"@local.example>  | '@' in the local part",
        "TO:<@local.example:victim@remote.example>     | source routes",
        "TO:<@a.example,@b.example:victim@remote.example> | source routes",
        "to: <victim%remote.example@local.example> SIZE=10 | '%' in the local part",
        "TO:victim%remote.example@local.example        | '%' in the local part"
    })
    void routingTricksAreNamed(String argument, String reason) {
        assertThat(RelayAddressSyntaxFilter.routingTrickIn(argument)).hasValueSatisfying(r -> assertThat(r).contains(reason));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "TO:<bob@local.example>",
        "TO:<bob+tag@local.example>",
        "TO:<\"john smith\"@local.example>",
        "TO:<postmaster>",
        "TO:<bob@local.example> NOTIFY=NEVER",
        "TO:<>",
        "no colon at all"
    })
    void ordinaryAddressesPass(String argument) {
        assertThat(RelayAddressSyntaxFilter.routingTrickIn(argument)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"TO:<victim%remote.example@local.example"})
    void unterminatedPathIsStillInspected(String argument) {
        assertThat(RelayAddressSyntaxFilter.routingTrickIn(argument)).isPresent();
    }
}
