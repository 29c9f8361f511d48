package dev.tributary.core.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

import dev.tributary.core.config.ConfigException;
import dev.tributary.core.storage.S3Location;

/**
 * Loads the pipeline named by {@code TRIBUTARY_CONFIG}: a local path, or an {@code s3://} URI read with the
 * function's S3 client.
 */
public final class PipelineLoader {

    private PipelineLoader() {
    }

    /**
     * @param location a path or {@code s3://bucket/key}
     * @param s3 reads an S3 object's content as UTF-8
     * @param environment what {@code ${env:…}} references resolve against
     * @throws ConfigException if the file cannot be read or is invalid
     */
    public static PipelineConfig load(String location, Function<S3Location, String> s3, Map<String, String> environment) {
        if (location == null || location.isBlank()) {
            throw new ConfigException("Missing setting TRIBUTARY_CONFIG (tributary.config): the location of the"
                    + " pipeline file, a path or an s3:// URI");
        }
        String text;
        if (location.startsWith("s3://")) {
            S3Location object = S3Location.parse(location);
            try {
                text = s3.apply(object);
            } catch (RuntimeException e) {
                throw new ConfigException("Cannot read pipeline " + location + ": " + e.getMessage(), e);
            }
        } else {
            try {
                text = Files.readString(Path.of(location), StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new ConfigException("Cannot read pipeline " + location + " because the file does not exist", e);
            } catch (IOException e) {
                throw new ConfigException("Cannot read pipeline " + location + ": " + e.getMessage(), e);
            }
        }
        return PipelineParser.parse(text, location, environment);
    }
}
