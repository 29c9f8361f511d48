package dev.tributary.core.connect;

import dev.tributary.core.config.Setting;

/**
 * A setting that a connector leaves to its Kafka Connect worker, and that a pipeline of connectors takes from the
 * functions' environment instead.
 *
 * @param section the pipeline section of the setting, such as {@code database}
 * @param setting the setting
 * @param variable the environment variable it is read from
 * @param fallback the value when the variable is not set; empty for none
 * @param note what the value means here, for the reference documentation
 */
public record WorkerVariable(String section, Setting<?> setting, String variable, String fallback, String note) {

    /** The setting's path in the pipeline, such as {@code database.ssl-mode}. */
    public String path() {
        return section + "." + setting.key();
    }

    /** The value the translated pipeline gives the setting: a reference to the variable, with its fallback. */
    String reference() {
        return "${env:" + variable + ":-" + fallback + "}";
    }
}
