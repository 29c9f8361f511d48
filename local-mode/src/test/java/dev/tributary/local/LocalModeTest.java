package dev.tributary.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local mode end to end, as the README's first command runs it: the packaged functions in Lambda sandboxes on the
 * local services, through the seed walkthrough, to the lake on disk and the current state beside PostgreSQL.
 */
class LocalModeTest {

    @TempDir
    Path work;

    @Test
    void shouldRunTheSeedWalkthroughThroughThePackagedFunctions() throws IOException {
        Path lake = work.resolve("lake");
        Run run = run("--work-dir", work.toString(), "--lake-dir", lake.toString(), "--schedule-seconds", "1");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out())
                .containsPattern("OK: walkthrough complete in [0-9.]+ s: [0-9,]+ rows polled")
                .contains("pagila_query_current")
                .contains("pagila_public_address_current")
                .contains("Iceberg table pagila_query_iceberg")
                // The view, the Iceberg table and PostgreSQL agree.
                .containsPattern("100 +Updated 100 \\| 555-01100 \\| [^|]+ +Updated 100 \\| 555-01100 \\| [^|]+"
                        + " +Updated 100 \\| 555-01100 \\| .* same")
                .containsPattern("104 +- +- +- +deleted: absent from the lake and PostgreSQL")
                .doesNotContain("DIFFERS");
        List<String> files;
        try (Stream<Path> paths = Files.walk(lake)) {
            files = paths.filter(Files::isRegularFile)
                    .map(p -> lake.relativize(p).toString())
                    .toList();
        }
        assertThat(files)
                .anyMatch(f -> f.matches("tributary-lake/topics/pagila\\.query/country=United States/"
                        + "pagila\\.query\\+0\\+\\d{10}\\.gz\\.parquet"));
        assertThat(files)
                .as("the Iceberg table's files")
                .anyMatch(f -> f.matches("tributary-lake/iceberg/pagila_lake"
                        + "\\.db/pagila_query_iceberg/data/country=Chad/.*\\.parquet"));
        assertThat(files)
                .anyMatch(f -> f.matches("tributary-lake/topics/pagila\\.public\\.address/partition=0/"
                        + "pagila\\.public\\.address\\+0\\+\\d{10}\\.json"));
        assertThat(work.resolve("functions/tributary-poller.log")).isNotEmptyFile();
    }

    @Test
    void shouldRunADirectoryMixingKafkaConnectConnectorsAndAPipelineFile() throws IOException {
        Path pipeline = Files.createDirectories(work.resolve("mine"));
        Files.writeString(pipeline.resolve("00-settings.yaml"), """
                kafka:
                  auth: none
                catalog:
                  database: mine
                """);
        // As exported from a Kafka Connect cluster: its database is replaced by the local one.
        Files.writeString(pipeline.resolve("countries-source.json"), """
                {"name": "countries", "config": {
                  "connector.class": "io.confluent.connect.jdbc.JdbcSourceConnector",
                  "connection.url": "jdbc:postgresql://prod-db.example.com:5432/pagila?sslmode=require",
                  "mode": "incrementing", "incrementing.column.name": "country_id",
                  "table.whitelist": "country", "topic.prefix": "mine.", "tasks.max": "1"}}
                """);
        Files.writeString(pipeline.resolve("countries-sink.json"), """
                {"name": "countries-lake", "config": {
                  "connector.class": "io.confluent.connect.s3.S3SinkConnector", "topics": "mine.country",
                  "s3.bucket.name": "my-lake", "topics.dir": "raw", "flush.size": "1000",
                  "format.class": "io.confluent.connect.s3.format.parquet.ParquetFormat",
                  "storage.class": "io.confluent.connect.s3.storage.S3Storage"}}
                """);

        Run run = run("--work-dir", work.resolve("run").toString(), "--pipeline", pipeline.toString());

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out())
                .containsPattern("OK: first pass complete in [0-9.]+ s: 109 rows polled")
                .contains("mine_country")
                .contains("Glue tables in mine");
        assertThat(work.resolve(
                        "run/lake/my-lake/raw/mine.country/partition=0/mine.country+0+0000000000.snappy.parquet"))
                .isNotEmptyFile();
    }

    @Test
    void shouldExplainAnUnreachableDatabaseAndExitWithOne() {
        Run run = run("--work-dir", work.toString(), "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/nowhere");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err())
                .startsWith("FAILED: Cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:1/nowhere"
                        + " as postgres");
    }

    @Test
    void shouldRefuseADirectoryItDidNotCreate() throws IOException {
        Files.writeString(work.resolve("notes.txt"), "someone's file");

        Run run = run("--work-dir", work.toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err())
                .contains("Cannot use directory " + work + " because it is not empty and local mode did"
                        + " not create it");
        assertThat(work.resolve("notes.txt")).hasContent("someone's file");
    }

    @Test
    void shouldNameABadOptionAndExitWithTwo() {
        Run run = run("--schedule-seconds", "soon");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err())
                .startsWith("Cannot use --schedule-seconds soon because it must be a whole number from 1" + " to 3600")
                .contains("Usage: ./tributary-local");
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = LocalMode.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Run(int status, String out, String err) {}
}
