package dev.tributary.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

class SettingTest {

    @Test
    void shouldAcceptTimeZoneIdsAndRefuseOtherTextNamingTheValue() {
        Setting<String> zone = Setting.zoneId("timezone");

        assertThat(zone.parse(new TextNode("Europe/Paris"), "database.timezone"))
                .isEqualTo("Europe/Paris");
        assertThatThrownBy(() -> zone.parse(new TextNode("Mars/Olympus"), "database.timezone"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value 'Mars/Olympus' for database.timezone: must be a time zone id such as UTC or"
                        + " Europe/Paris");
    }

    @Test
    void shouldAcceptRegularExpressionsAndRefuseBrokenOnes() {
        Setting<String> regex = Setting.regex("topics-regex");

        assertThat(regex.parse(new TextNode("orders\\..*"), "sinks[0].topics-regex"))
                .isEqualTo("orders\\..*");
        assertThatThrownBy(() -> regex.parse(new TextNode("orders("), "sinks[0].topics-regex"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid value 'orders(' for sinks[0].topics-regex: must be a Java regular expression");
    }
}
