package org.jamesmsa.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExternalBrokerTest {

    @Test
    void failoverOptionsTheUrlLeavesOutGetTheDefaultsAndTheOnesItSetsAreKept() {
        assertThat(ExternalBroker.withDefaults("failover:(tcp://a:61616,tcp://b:61616)")).isEqualTo(
            "failover:(tcp://a:61616,tcp://b:61616)?randomize=false&initialReconnectDelay=100&maxReconnectDelay=2000"
                + "&timeout=5000&startupMaxReconnectAttempts=30");
        assertThat(ExternalBroker.withDefaults("failover:(tcp://a:61616?keepAlive=true)?timeout=1000&randomize=true")).isEqualTo(
            "failover:(tcp://a:61616?keepAlive=true)?timeout=1000&randomize=true&initialReconnectDelay=100"
                + "&maxReconnectDelay=2000&startupMaxReconnectAttempts=30");
    }
}
