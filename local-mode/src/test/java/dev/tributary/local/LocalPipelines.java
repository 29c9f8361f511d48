package dev.tributary.local;

/** Pipelines for local mode's tests, written as a user writes one for local mode and for AWS alike. */
final class LocalPipelines {

    /**
     * Where the functions find the database, Kafka and the state table: the variables local mode sets for its
     * services (the template sets them on AWS).
     */
    static final String SERVICES = """
            database:
              secret-id: ${env:TRIBUTARY_DB_SECRET_ID}
              ssl-mode: disable
            kafka:
              bootstrap-servers: ${env:TRIBUTARY_BOOTSTRAP_SERVERS}
              auth: none
            state:
              table: ${env:TRIBUTARY_STATE_TABLE}
            """;

    /**
     * The resource test classes lock to share the machine: FaultInjectionTest, which times catch-ups, holds it alone;
     * the others share it (DeleteModesTest runs beside the rest; junit-platform.properties).
     */
    static final String CPU = "local-mode-cpu";

    private LocalPipelines() {
    }
}
