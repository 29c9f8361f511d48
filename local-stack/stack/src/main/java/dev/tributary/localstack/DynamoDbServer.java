package dev.tributary.localstack;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * dynalite, a DynamoDB-compatible server on Node.js, installed by the build with {@code npm ci} from the committed
 * lockfile. In memory by default; backed by LevelDB files when given a directory.
 *
 * <p>dynalite does not implement transactions, TTL or PartiQL; Tributary's state store uses single-item conditional
 * writes only, which it implements as DynamoDB does.
 */
final class DynamoDbServer {

    private DynamoDbServer() {}

    static LocalServer<AwsEndpoint> start(Path directory, Optional<Path> dataDirectory, LocalCredentials credentials) {
        Path script = installation().resolve("dynamodb-server.js");
        if (!Files.isRegularFile(script) || !Files.isDirectory(installation().resolve("node_modules/dynalite"))) {
            throw new LocalStackException("Cannot start the DynamoDB server because dynalite is not installed in "
                    + installation() + "; the build installs it: run ./mvnw install -pl local-stack -am");
        }
        List<String> command = new ArrayList<>(
                List.of(node(), script.toString(), "--port", "0", "--marker", JavaLauncher.PROCESS_MARKER));
        if (dataDirectory.isPresent()) {
            command.add("--path");
            command.add(dataDirectory.get().toAbsolutePath().toString());
        }
        ChildProcess process = ChildProcess.start(
                "DynamoDB server", command, directory.resolve("dynamodb.log"), Duration.ofSeconds(30));
        return StartedServer.aws(process, credentials);
    }

    private static String node() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "node");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new LocalStackException("Cannot start the DynamoDB server because Node.js ('node') is not on the PATH;"
                + " install Node.js 20 or later");
    }

    private static Path installation() {
        String resource = "META-INF/tributary/dynamodb-server.properties";
        URL url = DynamoDbServer.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new LocalStackException("Cannot start the DynamoDB server because the resource " + resource
                    + " is missing from the local-stack library");
        }
        Properties props = new Properties();
        try (InputStream in = url.openStream()) {
            props.load(in);
        } catch (IOException e) {
            throw new LocalStackException("Cannot read " + url + ": " + e.getMessage(), e);
        }
        return Path.of(props.getProperty("home"));
    }
}
