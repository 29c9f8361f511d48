package dev.tributary.core.connect;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tributary.core.config.ConfigException;
import dev.tributary.core.pipeline.PipelineDocuments;
import dev.tributary.core.pipeline.PipelineLoader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Converts Kafka Connect connector files (a file, or a directory mixing them with native pipeline files) into one
 * native pipeline YAML file:
 *
 * <pre>{@code ./tributary-local convert connectors/ > pipeline.yaml}</pre>
 *
 * <p>Settings a Kafka Connect worker holds (the brokers, the state table, the Glue database, the database secret)
 * become {@code ${env:…}} references to the variables template.yaml sets; {@code ${env:…}} references in the
 * connectors stay. What the connectors' properties mean nothing for is listed at the top. The result is validated
 * as a pipeline before it is written.
 */
public final class ConvertConnectors {

    private static final Pattern REQUIRED_REFERENCE = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

    private ConvertConnectors() {}

    /** Exit 0 with the YAML on stdout (or in the given file); 1 with every problem on stderr, and nothing written. */
    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), new PrintStream(System.out, true, StandardCharsets.UTF_8), System.err));
    }

    /**
     * The command: converts, prints the notices on {@code err} one line per property, and writes the YAML to
     * {@code out} or the output file only if every connector can run.
     *
     * @return the exit code: 0 converted, 1 refused (every problem of every connector on {@code err}), 2 usage
     */
    static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        if (args.length < 1 || args.length > 2 || args[0].startsWith("-")) {
            err.println("Usage: convert CONNECTORS (a connector .json file or a directory) [OUTPUT.yaml]");
            return 2;
        }
        try {
            Conversion conversion = conversion(args[0], environment);
            // The notices go to the terminal too, one line each, beside the YAML's header.
            conversion.notices().forEach(n -> err.println("notice: " + n.replace('\n', ' ')));
            if (args.length == 2) {
                Files.writeString(Path.of(args[1]), conversion.yaml(), StandardCharsets.UTF_8);
                err.println("Wrote " + args[1]);
            } else {
                out.print(conversion.yaml());
            }
            return 0;
        } catch (ConfigException | IOException e) {
            err.println(e.getMessage());
            err.println("Nothing was written: fix every problem above and convert again.");
            return 1;
        }
    }

    /**
     * The native pipeline YAML of the connectors at a path, translated in this process's environment.
     *
     * @throws ConfigException if a connector cannot run here, or the result is not a valid pipeline
     */
    public static String convert(String location) throws IOException {
        return convert(location, System.getenv());
    }

    /**
     * The native pipeline YAML of the connectors at a path.
     *
     * @param environment the functions' environment: its {@code TRIBUTARY_*} variables steer the translation as they
     *        do in the functions ({@code TRIBUTARY_DB_SECRET_ID} set: the connectors' user and password are not read,
     *        so a {@code ${file:…}} reference there does not matter); other variables are not read, so the
     *        connectors' {@code ${env:…}} references stay references and no secret is written out
     * @throws ConfigException if a connector cannot run here, or the result is not a valid pipeline
     */
    public static String convert(String location, Map<String, String> environment) throws IOException {
        return conversion(location, environment).yaml();
    }

    /**
     * The pipeline YAML and the notices of its connectors' translation (properties accepted without effect, and
     * what stands in for them).
     *
     * @param yaml the converted pipeline, the notices in its header
     * @param notices one line per property
     */
    public record Conversion(String yaml, List<String> notices) {}

    /**
     * {@link #convert(String, Map)} with the notices apart.
     *
     * @throws ConfigException naming every problem of every connector, if one cannot run here
     */
    public static Conversion conversion(String location, Map<String, String> environment) throws IOException {
        Map<String, String> worker = new TreeMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith(WorkerDefaults.VARIABLE_PREFIX)) {
                worker.put(name, value);
            }
        });
        PipelineDocuments.Merged merged = PipelineDocuments.merge(PipelineLoader.fromPath(location), worker);
        // Valid wherever its variables are set: check it with stand-in values for those without a default.
        Map<String, String> standIns = new HashMap<>();
        Matcher reference = REQUIRED_REFERENCE.matcher(merged.tree().toString());
        while (reference.find()) {
            standIns.put(reference.group(1), "stand-in");
        }
        standIns.put("TRIBUTARY_BOOTSTRAP_SERVERS", "broker:9092");
        merged.parse(location, standIns);
        YAMLMapper yaml = YAMLMapper.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .build();
        StringBuilder out = new StringBuilder();
        out.append("# Converted from the Kafka Connect connectors in ")
                .append(location)
                .append(".\n");
        out.append("# Values the Kafka Connect worker held come from the functions' environment (template.yaml).\n");
        List<String> notices = merged.notices();
        if (!notices.isEmpty()) {
            out.append("#\n# Accepted without effect:\n");
            notices.forEach(n -> out.append("#   ").append(n.replace('\n', ' ')).append('\n'));
        }
        if (merged.tree().path("database").has("password")
                && !REQUIRED_REFERENCE
                        .matcher(merged.tree().path("database").path("password").asText())
                        .matches()) {
            out.append("#\n# database.password is the connector's, in clear text: on AWS, keep credentials in Secrets"
                    + " Manager\n# (TRIBUTARY_DB_SECRET_ID), which replaces username and password.\n");
        }
        out.append(yaml.writeValueAsString(merged.tree()));
        return new Conversion(out.toString(), notices);
    }
}
