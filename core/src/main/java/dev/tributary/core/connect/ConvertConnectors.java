package dev.tributary.core.connect;

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

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.tributary.core.config.ConfigException;
import dev.tributary.core.pipeline.PipelineDocuments;
import dev.tributary.core.pipeline.PipelineLoader;

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

    private ConvertConnectors() {
    }

    /** Exit 0 with the YAML on stdout (or in the given file); 1 with the reason on stderr. */
    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2 || args[0].startsWith("-")) {
            System.err.println("Usage: convert CONNECTORS (a connector .json file or a directory) [OUTPUT.yaml]");
            System.exit(2);
        }
        try {
            String yaml = convert(args[0]);
            if (args.length == 2) {
                Files.writeString(Path.of(args[1]), yaml, StandardCharsets.UTF_8);
                System.err.println("Wrote " + args[1]);
            } else {
                PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
                out.print(yaml);
            }
        } catch (ConfigException | IOException e) {
            System.err.println(e.getMessage());
            System.exit(1);
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
        YAMLMapper yaml = YAMLMapper.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .build();
        StringBuilder out = new StringBuilder();
        out.append("# Converted from the Kafka Connect connectors in ").append(location).append(".\n");
        out.append("# Values the Kafka Connect worker held come from the functions' environment (template.yaml).\n");
        List<String> notices = merged.notices();
        if (!notices.isEmpty()) {
            out.append("#\n# Accepted without effect:\n");
            notices.forEach(n -> out.append("#   ").append(n.replace('\n', ' ')).append('\n'));
        }
        if (merged.tree().path("database").has("password")
                && !REQUIRED_REFERENCE.matcher(merged.tree().path("database").path("password").asText()).matches()) {
            out.append("#\n# database.password is the connector's, in clear text: on AWS, keep credentials in Secrets"
                    + " Manager\n# (TRIBUTARY_DB_SECRET_ID), which replaces username and password.\n");
        }
        out.append(yaml.writeValueAsString(merged.tree()));
        return out.toString();
    }
}
