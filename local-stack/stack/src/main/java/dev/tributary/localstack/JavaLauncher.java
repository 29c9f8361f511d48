package dev.tributary.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the command line of a child JVM whose classpath was recorded by the build in a resource
 * ({@code META-INF/tributary/<name>.classpath}), so that servers with dependencies that clash with ours (Kafka 4.4,
 * s3proxy's Jetty and AWS SDK) run beside the functions without sharing a classpath.
 */
final class JavaLauncher {

    /** Appears on every child's command line, so leftover processes can be found with {@code pgrep -f}. */
    static final String PROCESS_MARKER = "tributary-local-stack";

    private JavaLauncher() {}

    static List<String> command(String classpathName, String heap, String mainClass, List<String> args) {
        return command(classpathName, classpathName, List.of("-Xmx" + heap), List.of(), mainClass, args);
    }

    /**
     * A child JVM's command line.
     *
     * @param label what the process is, after the marker on its command line
     * @param classpathName the recorded classpath to append
     * @param jvmOptions options such as the heap size
     * @param classpathFirst entries that come before the recorded classpath
     */
    static List<String> command(
            String label,
            String classpathName,
            List<String> jvmOptions,
            List<String> classpathFirst,
            String mainClass,
            List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-XX:+UseSerialGC");
        command.add("-Djava.awt.headless=true");
        command.add("-D" + PROCESS_MARKER + "=" + label);
        command.add("-cp");
        List<String> classpath = new ArrayList<>(classpathFirst);
        classpath.add(classpath(classpathName));
        command.add(String.join(java.io.File.pathSeparator, classpath));
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    static String classpath(String classpathName) {
        String resource = "META-INF/tributary/" + classpathName + ".classpath";
        URL url = JavaLauncher.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new LocalStackException("Cannot launch " + classpathName + " because the resource " + resource
                    + " is missing; build the local-stack modules first (./mvnw install -pl local-stack -am)");
        }
        String recorded;
        try (InputStream in = url.openStream()) {
            recorded = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new LocalStackException("Cannot read " + url + ": " + e.getMessage(), e);
        }
        return moduleLocation(url, resource) + java.io.File.pathSeparator + recorded;
    }

    /** The jar or classes directory that holds the resource: the launcher's own classes live there. */
    private static String moduleLocation(URL url, String resource) {
        String external = url.toExternalForm();
        try {
            if ("jar".equals(url.getProtocol())) {
                String jar = external.substring("jar:".length(), external.indexOf("!/"));
                return Path.of(new URL(jar).toURI()).toString();
            }
            if ("file".equals(url.getProtocol())) {
                Path file = Path.of(url.toURI());
                Path root = file;
                for (int i = 0; i < resource.split("/").length; i++) {
                    root = root.getParent();
                }
                return root.toString();
            }
        } catch (URISyntaxException | IOException e) {
            throw new LocalStackException("Cannot locate the module of " + external + ": " + e.getMessage(), e);
        }
        throw new LocalStackException(
                "Cannot locate the module of " + external + " because its protocol is neither jar nor file");
    }
}
