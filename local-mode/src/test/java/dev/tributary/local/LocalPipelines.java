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

    private LocalPipelines() {}
}
