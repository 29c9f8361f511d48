package dev.tributary.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

class ConfigEnumTest {

    enum Declared implements ConfigEnum {
        VERIFY_FULL("verified");

        Declared(String description) {
            ConfigEnum.declare(this, description);
        }
    }

    enum Written implements ConfigEnum {
        PLUS_SIGN("plus+sign", "written otherwise");

        Written(String value, String description) {
            ConfigEnum.declare(this, value, description);
        }
    }

    enum Undeclared implements ConfigEnum {
        ONE
    }

    @Test
    void shouldWriteAConstantAsItsNameInKebabCaseUnlessItDeclaresItsValue() {
        assertThat(Declared.VERIFY_FULL.configValue()).isEqualTo("verify-full");
        assertThat(Declared.VERIFY_FULL.description()).isEqualTo("verified");
        assertThat(Written.PLUS_SIGN.configValue()).isEqualTo("plus+sign");
        assertThat(Written.PLUS_SIGN.description()).isEqualTo("written otherwise");
    }

    @Test
    void shouldParseAChoiceByItsDeclaredValue() {
        Setting<Written> setting = Setting.choice("choice", Written.class);

        assertThat(setting.parse(new TextNode("Plus+Sign"), "choice")).isEqualTo(Written.PLUS_SIGN);
        assertThat(setting.typeName()).isEqualTo("one of plus+sign");
        assertThat(ConfigEnum.withValue(Declared.class, "verify-full")).contains(Declared.VERIFY_FULL);
        assertThat(ConfigEnum.withValue(Declared.class, "VERIFY-FULL")).isEmpty();
    }

    @Test
    void shouldNameTheConstantAndTheFixWhenAnEnumDeclaresNothing() {
        assertThatThrownBy(Undeclared.ONE::configValue)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Cannot describe choice ONE")
                .hasMessageContaining("ConfigEnum.declare");
    }
}
