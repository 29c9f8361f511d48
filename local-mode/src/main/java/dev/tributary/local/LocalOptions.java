package dev.tributary.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What the person running local mode asked for.
 *
 * @param jdbcUrl an existing PostgreSQL database instead of the embedded one
 * @param dbUser the user for {@code jdbcUrl}
 * @param dbPassword its password, from {@code PGPASSWORD} (never a command-line argument, which others can see)
 * @param dbSslMode TLS to {@code jdbcUrl}, as libpq's sslmode
 * @param pipeline the person's own pipeline (file or directory) instead of the seed walkthrough's
 * @param keepRunning keep the pipeline running after the walkthrough, until Ctrl-C
 * @param workDirectory where servers, function sandboxes and logs live
 * @param lakeDirectory where the S3 server keeps the lake's objects as files
 * @param schedule how often the schedule fires the poller
 * @param maintenance how often the maintenance schedule invokes the sink for its Iceberg tables
 * @param help print usage and stop
 */
public record LocalOptions(
        Optional<String> jdbcUrl,
        String dbUser,
        Optional<String> dbPassword,
        String dbSslMode,
        Optional<Path> pipeline,
        boolean keepRunning,
        Path workDirectory,
        Path lakeDirectory,
        Duration schedule,
        Duration maintenance,
        boolean help) {

    static final String USAGE = """
            Usage: ./tributary-local [options]

            Runs the seed walkthrough on embedded services: PostgreSQL with a generated Pagila sample, Kafka, S3 (the
            lake as files on disk), DynamoDB, Glue and Secrets Manager endpoints, and the three packaged functions in
            local Lambda sandboxes.

            Options:
              --jdbc-url URL        use an existing PostgreSQL database (the sample tables are created there only if
                                    table address does not exist; the seed's changes run only on a sample created
                                    by this run). The password comes from the PGPASSWORD environment variable.
              --db-user USER        user for --jdbc-url (default postgres)
              --db-ssl-mode MODE    TLS to --jdbc-url: disable, allow, prefer, require, verify-ca, verify-full
                                    (default prefer)
              --pipeline PATH       run your own pipeline instead of the seed's walkthrough: a pipeline file, a
                                    Kafka Connect connector's JSON, or a directory mixing them (${env:...}
                                    placeholders are filled from this process's environment; connectors capture
                                    the local database, which holds the sample)
              --keep-running        keep the pipeline running after the walkthrough, until Ctrl-C
              --work-dir DIR        servers' data, function sandboxes and logs (default ./local-run)
              --lake-dir DIR        the lake's objects as files (default <work-dir>/lake)
              --schedule-seconds N  how often the schedule fires the poller (default 2)
              --maintenance-seconds N
                                    how often the maintenance schedule compacts the Iceberg tables and expires
                                    their snapshots, if a sink keeps any (default 300)
              --help                print this and stop
            """;

    /**
     * Reads the command line.
     *
     * @throws IllegalArgumentException naming the option and what is wrong with it
     */
    public static LocalOptions parse(String[] args) {
        Optional<String> jdbcUrl = Optional.empty();
        String dbUser = "postgres";
        String sslMode = "prefer";
        Optional<Path> pipeline = Optional.empty();
        boolean keepRunning = false;
        Path work = Path.of("local-run");
        Path lake = null;
        Duration schedule = Duration.ofSeconds(2);
        Duration maintenance = Duration.ofSeconds(300);
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String inline = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
            switch (name) {
                case "--help", "-h" -> help = true;
                case "--keep-running" -> keepRunning = true;
                case "--jdbc-url",
                        "--db-user",
                        "--db-ssl-mode",
                        "--pipeline",
                        "--work-dir",
                        "--lake-dir",
                        "--schedule-seconds",
                        "--maintenance-seconds" -> {
                    String value = inline;
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException("Missing value for option " + name);
                        }
                        value = args[++i];
                    }
                    switch (name) {
                        case "--jdbc-url" -> {
                            if (!value.startsWith("jdbc:postgresql:")) {
                                throw new IllegalArgumentException("Cannot use --jdbc-url " + value
                                        + " because it is not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db)");
                            }
                            jdbcUrl = Optional.of(value);
                        }
                        case "--db-user" -> dbUser = value;
                        case "--db-ssl-mode" -> {
                            if (!value.matches("disable|allow|prefer|require|verify-ca|verify-full")) {
                                throw new IllegalArgumentException("Cannot use --db-ssl-mode " + value + " because it"
                                        + " must be one of disable, allow, prefer, require, verify-ca, verify-full");
                            }
                            sslMode = value;
                        }
                        case "--pipeline" -> pipeline = Optional.of(Path.of(value));
                        case "--work-dir" -> work = Path.of(value);
                        case "--lake-dir" -> lake = Path.of(value);
                        case "--schedule-seconds" -> schedule = Duration.ofSeconds(seconds(name, value, 3600));
                        default -> maintenance = Duration.ofSeconds(seconds(name, value, 86_400));
                    }
                }
                default -> throw new IllegalArgumentException("Unknown option " + arg + " (see --help)");
            }
        }
        Optional<String> password = Optional.ofNullable(System.getenv("PGPASSWORD"));
        return new LocalOptions(
                jdbcUrl,
                dbUser,
                password,
                sslMode,
                pipeline,
                keepRunning,
                work.toAbsolutePath(),
                (lake == null ? work.resolve("lake") : lake).toAbsolutePath(),
                schedule,
                maintenance,
                help);
    }

    /** Whether this run loads the sample and walks through the seed's steps (no pipeline file of the user's). */
    public boolean seedWalkthrough() {
        return pipeline.isEmpty();
    }

    private static long seconds(String option, String value, long most) {
        try {
            long seconds = Long.parseLong(value);
            if (seconds >= 1 && seconds <= most) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new IllegalArgumentException(
                "Cannot use " + option + " " + value + " because it must be a whole" + " number from 1 to " + most);
    }
}
