package dev.tributary.core.config;

/** A closed choice in the configuration file; {@link #configValue()} is how it is written there. */
public interface ConfigEnum {

    String configValue();

    /** One line on what the choice means, for the reference documentation. */
    String description();
}
