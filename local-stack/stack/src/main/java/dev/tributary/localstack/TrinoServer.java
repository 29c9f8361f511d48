package dev.tributary.localstack;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Trino (Athena engine v3's engine) in a child JVM with one catalog, {@code awsdatacatalog}: the Hive connector with
 * its Glue metastore pointed at the local Glue endpoint and its S3 file system at the local S3 server (path-style), as
 * Athena reads the Glue Data Catalog and S3. Only the Hive connector plugin is installed. The distribution comes from
 * the {@code tributary-local-trino-server} module, which test modules that query with Trino depend on; Trino needs
 * Java 24 or later, found as {@link #java()} says.
 */
final class TrinoServer implements LocalServer<TrinoEndpoint> {

    /** The variable that names the home of a Java 24 or later for Trino. */
    static final String JAVA_HOME_VARIABLE = "TRIBUTARY_TRINO_JAVA_HOME";

    private static final String DISTRIBUTION = "META-INF/tributary/trino.properties";
    private static final int MINIMUM_JAVA = 24;

    private final ChildProcess process;
    private final TrinoEndpoint endpoint;

    private TrinoServer(ChildProcess process, TrinoEndpoint endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    static TrinoServer start(Path directory, AwsEndpoint glue, AwsEndpoint s3) {
        Properties distribution = distribution();
        Path home = Path.of(distribution.getProperty("home"));
        String version = distribution.getProperty("version");
        Path java = java();
        int port = Ports.freeLoopbackPort();
        try {
            Path etc = Files.createDirectories(directory.resolve("etc"));
            Path catalogs = Files.createDirectories(etc.resolve("catalog"));
            write(
                    etc.resolve("config.properties"),
                    List.of(
                            "coordinator=true",
                            "node-scheduler.include-coordinator=true",
                            "http-server.http.port=" + port,
                            "discovery.uri=http://127.0.0.1:" + port,
                            "plugin.dir=" + home.resolve("plugin"),
                            "catalog.config-dir=" + catalogs,
                            "query.max-memory=1GB",
                            // Trino logs HTTP requests under var/ of the working directory unless told where.
                            "http-server.log.path=" + directory.resolve("var/log/http-request.log")));
            List<String> glueAndS3 = List.of(
                    "hive.metastore.glue.region=" + glue.region(),
                    "hive.metastore.glue.endpoint-url=" + glue.uri(),
                    "hive.metastore.glue.aws-access-key=" + glue.accessKeyId(),
                    "hive.metastore.glue.aws-secret-key=" + glue.secretAccessKey(),
                    "hive.metastore.glue.max-error-retries=2",
                    "fs.native-s3.enabled=true",
                    "s3.endpoint=" + s3.uri(),
                    "s3.region=" + s3.region(),
                    "s3.path-style-access=true",
                    "s3.aws-access-key=" + s3.accessKeyId(),
                    "s3.aws-secret-key=" + s3.secretAccessKey());
            List<String> hive = new ArrayList<>(List.of(
                    "connector.name=hive",
                    "hive.metastore=glue",
                    "hive.metastore.glue.partitions-segments=1",
                    // Athena writes and reads in UTC, whatever the zone of the machine.
                    "hive.parquet.time-zone=UTC",
                    "hive.non-managed-table-writes-enabled=true"));
            hive.addAll(glueAndS3);
            if (Files.isDirectory(home.resolve("plugin").resolve("trino-iceberg-" + version))) {
                // As Athena does, one catalog reads both: Iceberg tables of the Glue database are handed to the
                // Iceberg connector's catalog.
                hive.add("hive.iceberg-catalog-name=" + TrinoEndpoint.ICEBERG_CATALOG);
                List<String> iceberg = new ArrayList<>(List.of(
                        "connector.name=iceberg",
                        "iceberg.catalog.type=glue",
                        "iceberg.hive-catalog-name=" + TrinoEndpoint.CATALOG));
                iceberg.addAll(glueAndS3);
                write(catalogs.resolve(TrinoEndpoint.ICEBERG_CATALOG + ".properties"), iceberg);
            }
            write(catalogs.resolve(TrinoEndpoint.CATALOG + ".properties"), hive);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write Trino's configuration in " + directory, e);
        }
        List<String> command = new ArrayList<>(List.of(
                java.toString(),
                "-Xmx1G",
                "-XX:+UseG1GC",
                "-XX:+ExitOnOutOfMemoryError",
                "-Djdk.attach.allowAttachSelf=true",
                "-Dfile.encoding=UTF-8",
                "-Duser.timezone=UTC",
                "-Djava.awt.headless=true",
                "-D" + JavaLauncher.PROCESS_MARKER + "=trino",
                "-Dnode.environment=tributary",
                "-Dnode.id=tributary-trino",
                "-Dnode.data-dir=" + directory.resolve("data"),
                "-Dconfig=" + directory.resolve("etc/config.properties"),
                "-Dlog.levels-file=" + directory.resolve("etc/log.properties"),
                "-cp",
                home.resolve("lib") + "/*" + File.pathSeparator + launcherJar(),
                "dev.tributary.localstack.trino.TrinoServerMain",
                Integer.toString(port)));
        try {
            write(directory.resolve("etc/log.properties"), List.of("io.trino=WARN", "io.airlift=WARN"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChildProcess process =
                ChildProcess.start("Trino " + version, command, directory.resolve("trino.log"), Duration.ofMinutes(4));
        return new TrinoServer(process, new TrinoEndpoint(URI.create("http://127.0.0.1:" + port), version));
    }

    /**
     * The {@code java} of a Java 24 or later: {@value #JAVA_HOME_VARIABLE}, else {@code JAVA_HOME}, this JVM, or the
     * newest JDK under {@code /usr/lib/jvm}.
     */
    static Path java() {
        List<Path> candidates = new ArrayList<>();
        Optional.ofNullable(System.getenv(JAVA_HOME_VARIABLE)).map(Path::of).ifPresent(candidates::add);
        Optional.ofNullable(System.getenv("JAVA_HOME")).map(Path::of).ifPresent(candidates::add);
        candidates.add(Path.of(System.getProperty("java.home")));
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> homes = Files.list(jvms)) {
                homes.sorted(Comparator.comparing((Path p) -> major(p).orElse(0))
                                .reversed())
                        .forEach(candidates::add);
            } catch (IOException e) {
                // Only one of the places to look.
            }
        }
        String configured = System.getenv(JAVA_HOME_VARIABLE);
        if (configured != null && major(Path.of(configured)).orElse(0) < MINIMUM_JAVA) {
            throw new LocalStackException("Cannot start Trino because " + JAVA_HOME_VARIABLE + "=" + configured
                    + " is not the home of a Java " + MINIMUM_JAVA + " or later; point it at one");
        }
        return candidates.stream()
                .filter(home -> major(home).orElse(0) >= MINIMUM_JAVA)
                .map(home -> home.resolve("bin/java"))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new LocalStackException("Cannot start Trino (Athena's engine) because it needs Java "
                        + MINIMUM_JAVA + " or later, and none was found in " + JAVA_HOME_VARIABLE + ", JAVA_HOME,"
                        + " this JVM (" + System.getProperty("java.version") + ") or /usr/lib/jvm; install one (for"
                        + " example the Debian package temurin-25-jdk) and set " + JAVA_HOME_VARIABLE + " to its"
                        + " home"));
    }

    /** The feature release of the JDK at {@code home}, from its {@code release} file. */
    private static Optional<Integer> major(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(release)) {
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("JAVA_VERSION", "").replace("\"", "");
            String feature = version.startsWith("1.") ? "8" : version.split("[.+-]")[0];
            return Optional.of(Integer.parseInt(feature));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The distribution's home, checked. */
    static Path distributionHome() {
        return Path.of(distribution().getProperty("home"));
    }

    private static Properties distribution() {
        URL resource = TrinoServer.class.getClassLoader().getResource(DISTRIBUTION);
        if (resource == null) {
            throw new LocalStackException("Cannot start Trino because its distribution is not on the classpath; add"
                    + " the test dependency dev.tributary:tributary-local-trino-server");
        }
        try (InputStream in = resource.openStream()) {
            Properties properties = new Properties();
            properties.load(in);
            if (!Files.isDirectory(Path.of(properties.getProperty("home")).resolve("lib"))) {
                throw new LocalStackException("Cannot start Trino because " + properties.getProperty("home")
                        + " holds no distribution; build tributary-local-trino-server again (./mvnw install -pl"
                        + " local-stack/trino-server)");
            }
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The jar (or classes directory) that holds the launcher, next to the distribution's record. */
    private static String launcherJar() {
        URL resource = TrinoServer.class.getClassLoader().getResource(DISTRIBUTION);
        try {
            String url = resource.toString();
            if (url.startsWith("jar:")) {
                return Path.of(new URI(url.substring(4, url.indexOf("!/")))).toString();
            }
            return Path.of(resource.toURI()).getParent().getParent().getParent().toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(Path file, List<String> lines) throws IOException {
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    @Override
    public TrinoEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        process.close();
    }

    @Override
    public String toString() {
        return "Trino " + endpoint.version() + " at " + endpoint.uri();
    }
}
