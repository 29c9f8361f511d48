package dev.tributary.core.config;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The value and documentation of every {@link ConfigEnum} constant, as the constants declared them while their enum
 * class initialised. A constant is declared before any code can reach it, so a lookup never misses for an enum that
 * calls {@link ConfigEnum#declare} from its constructor.
 */
final class ConfigChoices {

    private static final Map<ConfigEnum, Choice> CHOICES = new ConcurrentHashMap<>();

    private ConfigChoices() {}

    static void declare(ConfigEnum constant, String value, String description) {
        if (CHOICES.putIfAbsent(constant, new Choice(value, description)) != null) {
            throw new IllegalStateException("Cannot declare choice " + constant.name() + " as " + value
                    + " because it is declared already; call ConfigEnum.declare once, from the enum's constructor");
        }
    }

    static Choice of(ConfigEnum constant) {
        Choice choice = CHOICES.get(constant);
        if (choice == null) {
            throw new IllegalStateException("Cannot describe choice " + constant.name()
                    + " because its enum declares no value and documentation; call ConfigEnum.declare(this,"
                    + " description) from the enum's constructor");
        }
        return choice;
    }

    static String derivedValue(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** How a constant is written in the file, and what it means. */
    record Choice(String value, String description) {}
}
