package dev.tributary.local;

import dev.tributary.core.config.ConfigException;
import dev.tributary.core.pipeline.PipelineConfig;
import dev.tributary.core.pipeline.PipelineLoader;
import dev.tributary.core.storage.S3Location;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The pipeline of a run, as the functions read it in the work directory: the seed's file, or a copy of the person's
 * own file or directory (pipeline files and Kafka Connect connector JSON, mixed), names kept.
 */
final class PipelineFiles {

    /** Local mode's pipeline is a local file or directory: it never reads one from S3. */
    private static final PipelineLoader.S3Files NO_S3 = new PipelineLoader.S3Files() {
        @Override
        public String read(S3Location object) {
            throw new ConfigException(
                    "Cannot read " + object + ": local mode takes a local pipeline file or directory");
        }

        @Override
        public List<String> list(S3Location prefix) {
            throw new ConfigException(
                    "Cannot list " + prefix + ": local mode takes a local pipeline file or" + " directory");
        }
    };

    private PipelineFiles() {}

    /** Writes the pipeline into the work directory; returns the file or directory the functions read. */
    static Path write(LocalOptions options) {
        Path target = options.workDirectory().resolve("pipeline");
        try {
            Files.createDirectories(target);
            if (options.pipeline().isEmpty()) {
                try (InputStream in = PipelineFiles.class.getResourceAsStream("pagila.yaml")) {
                    Files.writeString(
                            target.resolve("pagila.yaml"), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
                return target.resolve("pagila.yaml");
            }
            Path own = options.pipeline().get();
            if (Files.isDirectory(own)) {
                try (Stream<Path> files = Files.list(own)) {
                    for (Path file : files.filter(Files::isRegularFile).toList()) {
                        Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                return target;
            }
            if (!Files.isRegularFile(own)) {
                throw new LocalModeException("Cannot use pipeline " + own + " because it does not exist");
            }
            Files.copy(own, target.resolve(own.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            return target.resolve(own.getFileName());
        } catch (IOException e) {
            throw new LocalModeException("Cannot write the pipeline to " + target + ": " + e.getMessage(), e);
        }
    }

    /** Reads the written pipeline as the functions will, placeholders filled from {@code environment}. */
    static PipelineConfig load(LocalOptions options, Path written, Map<String, String> environment, Progress progress) {
        try {
            return PipelineLoader.load(
                    written.toString(), NO_S3, environment, notice -> progress.line("pipeline", notice));
        } catch (ConfigException e) {
            throw new LocalModeException(
                    "Cannot use pipeline " + options.pipeline().orElse(written) + ": " + e.getMessage(), e);
        }
    }
}
