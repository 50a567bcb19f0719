package org.jamesmsa.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.apache.commons.configuration2.BaseConfiguration;
import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;

class SettingsTest {

    private enum Action { ACCEPT, REJECT }

    private static BaseHierarchicalConfiguration handler(String... pairs) {
        BaseHierarchicalConfiguration config = new BaseHierarchicalConfiguration();
        config.addProperty("[@class]", "org.example.Hook");
        for (int i = 0; i < pairs.length; i += 2) {
            config.addProperty(pairs[i], pairs[i + 1]);
        }
        return config;
    }

    @Test
    void typedValuesAreReadAndDefaultsApplyWhenAbsentOrBlank() {
        Settings settings = Settings.ofHandler(handler("budget", " 250 ", "validate", "FALSE", "onFail", "Reject", "profile", "  "),
            SettingsTest.class, List.of("budget", "validate", "onFail", "profile"));

        assertThat(settings.get("budget", ValueType.MILLISECONDS, Duration.ZERO)).isEqualTo(Duration.ofMillis(250));
        assertThat(settings.get("validate", ValueType.BOOLEAN, true)).isFalse();
        assertThat(settings.get("onFail", ValueType.choice(Action.class), Action.ACCEPT)).isEqualTo(Action.REJECT);
        assertThat(settings.get("profile", ValueType.TEXT, "csv")).isEqualTo("csv");
    }

    @Test
    void aBadValueNamesFileElementComponentValueAndAllowedValues() {
        Settings settings = Settings.ofHandler(handler("onFail", "bounce"), SettingsTest.class, List.of("onFail"));

        assertThatThrownBy(() -> settings.get("onFail", ValueType.choice(Action.class), Action.ACCEPT))
            .isInstanceOf(InvalidSettingException.class)
            .hasMessage("smtpserver.xml: <onFail> of handler SettingsTest has value 'bounce'; allowed values: accept, reject");
    }

    @Test
    void aWordIsReadInAnyCaseAsLowerCaseAndOthersAreRefusedNamingTheWords() {
        ValueType<String> tls = ValueType.word("required", "none");

        assertThat(tls.parse(" Required ")).contains("required");
        assertThat(tls.parse("none")).contains("none");
        assertThat(tls.parse("optional")).isEmpty();
        assertThat(tls.allowed()).isEqualTo("required, none");
    }

    @Test
    void aSystemPropertyNobodySetIsRefusedNotTakenAsWritten() {
        BaseConfiguration properties = new BaseConfiguration();
        properties.addProperty("webadmin.password", "${sys:msa.test.never.set}");
        Settings settings = Settings.ofProperties(properties, "james-msa.properties", List.of("webadmin.password"));

        assertThatThrownBy(() -> settings.get("webadmin.password", ValueType.TEXT, ""))
            .isInstanceOf(InvalidSettingException.class)
            .hasMessage("james-msa.properties: webadmin.password has value '${sys:msa.test.never.set}'; it names a variable "
                + "that is not set (start James with the launcher, or write the value itself)");
    }

    @Test
    void anUnknownElementStopsAtOnceNamingTheAllowedOnes() {
        assertThatThrownBy(() -> Settings.ofHandler(handler("onfail", "reject"), SettingsTest.class, List.of("onFail", "budget")))
            .isInstanceOf(InvalidSettingException.class)
            .hasMessage("smtpserver.xml: <onfail> is not a setting of handler SettingsTest; allowed names: budget, onFail");
    }

    @Test
    void aFileOfItsOwnNamesTheFileAndTheElement() {
        Settings settings = Settings.ofXml(handler("cacheSeconds", "ten"), "recipientrewritetable.xml", List.of("cacheSeconds"));

        assertThatThrownBy(() -> settings.get("cacheSeconds", ValueType.COUNT_OR_OFF, 10))
            .hasMessage("recipientrewritetable.xml: <cacheSeconds> of <recipientrewritetable> has value 'ten'; allowed values: "
                + "a whole number, 0 to turn it off");
        assertThatThrownBy(() -> Settings.ofXml(handler("cacheSecond", "5"), "recipientrewritetable.xml", List.of("cacheSeconds")))
            .hasMessage("recipientrewritetable.xml: <cacheSecond> is not a setting of <recipientrewritetable>; allowed names: "
                + "cacheSeconds");
    }

    @Test
    void nestedElementsCountByTheirTopLevelName() {
        Settings.ofHandler(handler("tls.clientAuth.truststore", "x"), SettingsTest.class, List.of("tls"));

        assertThatThrownBy(() -> Settings.ofHandler(handler("tls.clientAuth", "x"), SettingsTest.class, List.of("budget")))
            .hasMessageStartingWith("smtpserver.xml: <tls> is not a setting");
    }

    @Test
    void aRequiredSettingThatIsMissingIsNamed() {
        Settings settings = Settings.ofHandler(handler(), SettingsTest.class, List.of("listener"));

        assertThatThrownBy(() -> settings.required("listener", ValueType.TEXT))
            .hasMessage("smtpserver.xml: <listener> of handler SettingsTest is required; allowed values: any text");
    }

    @Test
    void mailetParametersAreCheckedAndJamesErrorParametersAreAlwaysAllowed() {
        FakeMailetConfig config = FakeMailetConfig.builder().mailetName("Fixups")
            .setProperty("addSender", "true").setProperty("onMailetException", "ignore").build();

        assertThat(Settings.ofMailet(config, List.of("addSender")).get("addSender", ValueType.BOOLEAN, false)).isTrue();
        assertThatThrownBy(() -> Settings.ofMailet(config, List.of("hostname")))
            .hasMessage("mailetcontainer.xml: <addSender> is not a setting of mailet Fixups; allowed names: hostname");
    }

    @Test
    void propertiesKeysAreNamedAsTheyAreWritten() {
        BaseConfiguration properties = new BaseConfiguration();
        properties.addProperty("audit.retentionDays", "thirty");

        Settings settings = Settings.ofProperties(properties, "james-msa.properties", List.of("audit.retentionDays"));
        assertThatThrownBy(() -> settings.get("audit.retentionDays", ValueType.POSITIVE_INT, 30))
            .hasMessage("james-msa.properties: audit.retentionDays has value 'thirty'; allowed values: a whole number greater than 0");
        assertThatThrownBy(() -> Settings.ofProperties(properties, "james-msa.properties", List.of("audit.directory")))
            .hasMessage("james-msa.properties: audit.retentionDays is not a setting of james-msa.properties; allowed names: audit.directory");
    }

    @Test
    void valueTypesRefuseWhatTheyDoNotAccept() {
        assertThat(ValueType.PORT_OR_OFF.parse("0")).contains(0);
        assertThat(ValueType.PORT.parse("0")).isEmpty();
        assertThat(ValueType.PORT.parse("65536")).isEmpty();
        assertThat(ValueType.POSITIVE_INT.parse("-3")).isEmpty();
        assertThat(ValueType.POSITIVE_INT.parse("3x")).isEmpty();
        assertThat(ValueType.BOOLEAN.parse("yes")).isEmpty();
        assertThat(ValueType.MILLISECONDS.parse("0")).isEmpty();
    }

    @Test
    void theFirstInvalidSettingIsFoundInAChainOfCauses() {
        InvalidSettingException invalid = new InvalidSettingException("james-msa.properties: dns.servers has value 'x'");
        Exception wrapped = new IllegalStateException("Guice", new RuntimeException("provision", invalid));

        assertThat(InvalidSettingException.in(wrapped)).contains(invalid);
        assertThat(InvalidSettingException.in(new RuntimeException("other"))).isEmpty();
    }
}
