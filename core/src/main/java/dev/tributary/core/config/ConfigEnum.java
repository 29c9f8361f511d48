package dev.tributary.core.config;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A closed choice in the configuration file, declared by an enum that states only its constants and their one-line
 * documentation. Each constant declares itself from the enum's constructor:
 *
 * <pre>{@code
 * public enum SslMode implements ConfigEnum {
 *     DISABLE("no TLS"),
 *     VERIFY_FULL("TLS, and a matching host name");
 *
 *     SslMode(String description) {
 *         ConfigEnum.declare(this, description);
 *     }
 * }
 * }</pre>
 *
 * {@link #configValue()} is how a choice is written in the file: by default the constant's name in lower case with
 * {@code _} as {@code -} ({@code VERIFY_FULL} is {@code verify-full}); a constant written otherwise declares its value
 * with {@link #declare(ConfigEnum, String, String)}. No reflection is involved: the declarations are plain calls made
 * while the enum class initialises, so they hold in a native image as on the JVM.
 */
public interface ConfigEnum {

    /** The constant's name, as {@link Enum#name()} gives it. */
    String name();

    /** How the choice is written in the configuration file. */
    default String configValue() {
        return ConfigChoices.of(this).value();
    }

    /** One line on what the choice means, for the reference documentation. */
    default String description() {
        return ConfigChoices.of(this).description();
    }

    /** The constant of {@code type} written exactly as {@code value}, if there is one. */
    static <E extends Enum<E> & ConfigEnum> Optional<E> withValue(Class<E> type, String value) {
        return Arrays.stream(type.getEnumConstants())
                .filter(constant -> constant.configValue().equals(value))
                .findFirst();
    }

    /** How the constants of {@code type} are written, in their order. */
    static <E extends Enum<E> & ConfigEnum> List<String> values(Class<E> type) {
        return Arrays.stream(type.getEnumConstants())
                .map(ConfigEnum::configValue)
                .toList();
    }

    /** Declares {@code constant}, written as its name in lower case with {@code _} as {@code -}. */
    static void declare(ConfigEnum constant, String description) {
        declare(constant, ConfigChoices.derivedValue(constant.name()), description);
    }

    /** Declares {@code constant}, written as {@code value} in the configuration file. */
    static void declare(ConfigEnum constant, String value, String description) {
        ConfigChoices.declare(constant, value, description);
    }
}
