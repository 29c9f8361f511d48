package dev.tributary.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

class ConfigEnumTest {

    enum Declared implements ConfigEnum {
        VERIFY_FULL("verified"),
        PLUS_SIGN("plus+sign", "written otherwise");

        Declared(String description) {
            ConfigEnum.declare(this, description);
        }

        Declared(String value, String description) {
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
        assertThat(Declared.PLUS_SIGN.configValue()).isEqualTo("plus+sign");
        assertThat(Declared.PLUS_SIGN.description()).isEqualTo("written otherwise");
    }

    @Test
    void shouldParseAChoiceByItsDeclaredValue() {
        Setting<Declared> setting = Setting.choice("choice", Declared.class);

        assertThat(setting.parse(new TextNode("Plus+Sign"), "choice")).isEqualTo(Declared.PLUS_SIGN);
        assertThat(setting.typeName()).isEqualTo("one of verify-full, plus+sign");
    }

    @Test
    void shouldNameTheConstantAndTheFixWhenAnEnumDeclaresNothing() {
        assertThatThrownBy(Undeclared.ONE::configValue)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Cannot describe choice ONE")
                .hasMessageContaining("ConfigEnum.declare");
    }
}
