package dev.tributary.poller;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.config.ConfigException;
import dev.tributary.core.pipeline.PipelineConfig;
import dev.tributary.core.pipeline.PipelineParser;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad configuration stops the poller at start-up, with a message that names what is wrong. */
class StartupValidationTest {

    private static LocalPipeline local;

    @BeforeAll
    static void start() throws Exception {
        local = LocalPipeline.withPagila("startup");
    }

    @AfterAll
    static void stop() {
        local.close();
    }

    @Test
    void shouldNameAnUnknownMode() {
        assertThatThrownBy(() -> local.pipeline(source("address", "incremental", "last_update")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Invalid value 'incremental' for sources[0].mode: must be one of bulk,"
                        + " incrementing, timestamp, timestamp+incrementing");
    }

    @Test
    void shouldNameATimestampColumnThatDoesNotExist() {
        PipelineConfig pipeline = local.pipeline(source("address", "timestamp", "last_updated"));

        assertThatThrownBy(() -> local.start(pipeline))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Cannot use column last_updated of table public.address of source sources[0]"
                        + " ('bad') because there is no such column")
                .hasMessageContaining("last_update");
    }

    @Test
    void shouldNameAnUnknownTable() {
        PipelineConfig pipeline = local.pipeline(source("adress", "timestamp", "last_update"));

        assertThatThrownBy(() -> local.start(pipeline))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(
                        "Cannot capture table adress for source sources[0] ('bad') because no such" + " table exists");
    }

    @Test
    void shouldSayThatATableNamedIsAViewLeftOutByTableTypes() throws Exception {
        local.execute("CREATE OR REPLACE VIEW address_list AS SELECT address_id, last_update FROM address");
        PipelineConfig pipeline = local.pipeline(source("address_list", "timestamp", "last_update"));

        assertThatThrownBy(() -> local.start(pipeline))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Cannot capture table address_list for source sources[0] ('bad') because"
                        + " public.address_list is a view, and table-types is [table, partitioned-table]; add its"
                        + " kind to table-types");
    }

    @Test
    void shouldNameAMalformedSecretWithoutShowingIt() {
        String yaml = local.header("")
                        .replaceAll("(?m)^  (username|password|jdbc-url): .*\\n", "")
                        .replace(
                                "database:\n", "database:\n  secret-id: arn:aws:secretsmanager:us-east-1:1:secret:db\n")
                + source("address", "timestamp", "last_update");
        PipelineConfig pipeline = PipelineParser.parse(yaml, "p.yaml", Map.of());

        assertThatThrownBy(() -> Poller.start(
                        pipeline, id -> "{\"username\": \"tributary\", \"pass\": \"hunter2\"}", local.store()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Cannot use secret arn:aws:secretsmanager:us-east-1:1:secret:db for database.secret-id"
                        + " because it has no 'password'");
        assertThatThrownBy(() -> Poller.start(pipeline, id -> "hunter2", local.store()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("because it is not JSON")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void shouldRefuseATimestampColumnOfAnotherType() {
        PipelineConfig pipeline = local.pipeline(source("address", "timestamp", "district"));

        assertThatThrownBy(() -> local.start(pipeline))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("by column district because its type is text");
    }

    @Test
    void shouldRefuseAQueryThatDoesNotRun() {
        PipelineConfig pipeline = local.pipeline("""
                  - name: broken
                    query: SELECT nothing FROM address
                    topic: broken
                    mode: bulk
                """);

        assertThatThrownBy(() -> local.start(pipeline))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Cannot run the query of source sources[0] ('broken')")
                .hasMessageContaining("nothing");
    }

    private static String source(String table, String mode, String column) {
        return """
                  - name: bad
                    tables: %s
                    mode: %s
                    timestamp-columns: %s
                """.formatted(table, mode, column);
    }
}
