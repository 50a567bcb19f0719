package org.jamesmsa.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.junit.jupiter.api.Test;

class HandlerSettingsTest {

    private static BaseHierarchicalConfiguration with(String element, String value) {
        BaseHierarchicalConfiguration config = new BaseHierarchicalConfiguration();
        config.addProperty(element, value);
        return config;
    }

    @Test
    void missingElementGivesTheDefault() throws ConfigurationException {
        assertThat(HandlerSettings.booleanSetting(new BaseHierarchicalConfiguration(), "requireTLS", true)).isTrue();
    }

    @Test
    void valuesAreCaseInsensitive() throws ConfigurationException {
        assertThat(HandlerSettings.booleanSetting(with("requireTLS", " FALSE "), "requireTLS", true)).isFalse();
    }

    @Test
    void unknownValueNamesTheElementTheValueAndTheAllowedOnes() {
        assertThatThrownBy(() -> HandlerSettings.booleanSetting(with("requireTLS", "maybe"), "requireTLS", true))
            .isInstanceOf(ConfigurationException.class)
            .hasMessageContaining("<requireTLS>")
            .hasMessageContaining("'maybe'")
            .hasMessageContaining("true, false");
    }
}
