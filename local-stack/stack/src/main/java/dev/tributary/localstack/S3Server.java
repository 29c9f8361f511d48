package dev.tributary.localstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * s3proxy in a child JVM, checking AWS signatures (V2 and V4) with the stack's static credentials.
 *
 * <p>With a directory, buckets are sub-directories and objects are files under them, so the lake is visible on
 * disk; without one, objects are kept in memory.
 */
final class S3Server {

    private S3Server() {}

    static LocalServer<AwsEndpoint> start(
            Path directory, Optional<Path> objectDirectory, LocalCredentials credentials) {
        List<String> args = new ArrayList<>(List.of("0", credentials.accessKeyId(), credentials.secretAccessKey()));
        objectDirectory.ifPresent(dir -> args.add(dir.toAbsolutePath().toString()));
        List<String> command =
                JavaLauncher.command("s3-server", "768m", "dev.tributary.localstack.s3.S3ServerMain", args);
        ChildProcess process =
                ChildProcess.start("S3 server", command, directory.resolve("s3.log"), Duration.ofSeconds(60));
        return StartedServer.aws(process, credentials);
    }
}
