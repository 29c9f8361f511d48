package dev.tributary.core.pipeline;

import dev.tributary.core.config.ConfigException;
import dev.tributary.core.pipeline.PipelineDocuments.Document;
import dev.tributary.core.storage.S3Location;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Loads the pipeline named by {@code TRIBUTARY_CONFIG}: a native pipeline file, a Kafka Connect connector's JSON, or
 * a directory holding several of either, mixed freely — a local path, or an {@code s3://} URI (a key ending in
 * {@code /} is a directory: the objects directly under it).
 */
public final class PipelineLoader {

    private static final Logger LOG = Logger.getLogger(PipelineLoader.class);
    private static final List<String> EXTENSIONS = List.of(".yaml", ".yml", ".json");

    /** Reads pipeline files from S3, with the function's own client. */
    public interface S3Files {

        /** An object's content, as UTF-8. */
        String read(S3Location object);

        /** The keys of the objects under a prefix (a key ending in {@code /}). */
        List<String> list(S3Location prefix);
    }

    private PipelineLoader() {}

    /**
     * Loads and validates the pipeline, logging once each notice of its connectors (properties accepted without
     * effect).
     *
     * @param location a path (file or directory) or {@code s3://bucket/key} ({@code s3://bucket/prefix/})
     * @param s3 reads and lists S3 objects
     * @param environment what {@code ${env:…}} references resolve against
     * @throws ConfigException if a file cannot be read or the pipeline is invalid
     */
    public static PipelineConfig load(String location, S3Files s3, Map<String, String> environment) {
        return load(location, s3, environment, notice -> LOG.warn(notice));
    }

    /**
     * Loads and validates the pipeline, handing each notice of its connectors to the caller.
     *
     * @param notices receives one line per connector property accepted without effect, and other remarks
     * @throws ConfigException if a file cannot be read or the pipeline is invalid
     */
    public static PipelineConfig load(
            String location, S3Files s3, Map<String, String> environment, Consumer<String> notices) {
        if (location == null || location.isBlank()) {
            throw new ConfigException("Missing setting TRIBUTARY_CONFIG (tributary.config): the location of the"
                    + " pipeline, a file or directory path, or an s3:// URI");
        }
        List<Document> documents = location.startsWith("s3://") ? fromS3(location, s3) : fromPath(location);
        PipelineDocuments.Merged merged;
        try {
            merged = PipelineDocuments.merge(documents, environment);
        } catch (ConfigException e) {
            throw new ConfigException("Cannot load pipeline " + location + ": " + e.getMessage(), e);
        }
        PipelineConfig pipeline = merged.parse(location, environment);
        for (String notice : merged.notices()) {
            notices.accept(notice);
        }
        return pipeline;
    }

    /** The documents at a local path: the file, or the directory's pipeline files in name order. */
    public static List<Document> fromPath(String location) {
        Path path = Path.of(location);
        try {
            if (Files.isDirectory(path)) {
                List<Document> documents = new ArrayList<>();
                try (Stream<Path> files = Files.list(path)) {
                    for (Path file : files.filter(f -> Files.isRegularFile(f)
                                    && isPipelineFile(f.getFileName().toString()))
                            .sorted()
                            .toList()) {
                        documents.add(new Document(
                                file.toString(),
                                baseName(file.getFileName().toString()),
                                Files.readString(file, StandardCharsets.UTF_8)));
                    }
                }
                if (documents.isEmpty()) {
                    throw new ConfigException("Cannot load pipeline " + location + " because the directory holds no"
                            + " .yaml, .yml or .json file");
                }
                return documents;
            }
            return List.of(new Document(
                    location, baseName(path.getFileName().toString()), Files.readString(path, StandardCharsets.UTF_8)));
        } catch (NoSuchFileException e) {
            throw new ConfigException("Cannot read pipeline " + location + " because the file does not exist", e);
        } catch (IOException e) {
            throw new ConfigException("Cannot read pipeline " + location + ": " + e.getMessage(), e);
        }
    }

    private static List<Document> fromS3(String location, S3Files s3) {
        S3Location object = S3Location.parse(location);
        try {
            if (object.key().isEmpty() || object.key().endsWith("/")) {
                List<Document> documents = new ArrayList<>();
                for (String key : s3.list(object).stream()
                        .filter(PipelineLoader::isPipelineFile)
                        .sorted()
                        .toList()) {
                    S3Location file = new S3Location(object.bucket(), key);
                    String name = key.substring(key.lastIndexOf('/') + 1);
                    documents.add(new Document(file.toString(), baseName(name), s3.read(file)));
                }
                if (documents.isEmpty()) {
                    throw new ConfigException("Cannot load pipeline " + location + " because no .yaml, .yml or .json"
                            + " object is under it");
                }
                return documents;
            }
            String name = object.key().substring(object.key().lastIndexOf('/') + 1);
            return List.of(new Document(location, baseName(name), s3.read(object)));
        } catch (ConfigException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ConfigException("Cannot read pipeline " + location + ": " + e.getMessage(), e);
        }
    }

    private static boolean isPipelineFile(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(lower::endsWith)
                && !lower.substring(lower.lastIndexOf('/') + 1).startsWith(".");
    }

    private static String baseName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }
}
