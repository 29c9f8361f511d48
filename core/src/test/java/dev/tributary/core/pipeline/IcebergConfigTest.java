package dev.tributary.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.config.ConfigException;
import dev.tributary.core.pipeline.IcebergConfig.IcebergMode;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A sink's {@code iceberg} settings: read with their defaults, and refused with what to do. */
class IcebergConfigTest {

    private static final String SINK = """
            sinks:
              - name: current
                topics: pagila.query
                bucket: lake
                format: %s
            %s
            """;

    private static SinkConfig sink(String format, String settings) {
        String indented =
                settings.isEmpty() ? "" : "    iceberg:\n" + settings.indent(6).stripTrailing();
        return PipelineParser.parse(
                        SINK.formatted(format, indented),
                        "iceberg.yaml",
                        Map.of("ROLE", "arn:aws:iam::123456789012:role/optimizer"))
                .sinks()
                .get(0);
    }

    @Test
    void shouldReadTheSettingsWithTheirDefaults() {
        IcebergConfig defaults = sink("iceberg", "").iceberg();
        IcebergConfig set = sink("iceberg", """
                mode: upsert
                key-fields: [address_id]
                warehouse: s3://warehouse/tables
                snapshot-retention: 2h
                glue-optimizers: [compaction, orphan_file_deletion]
                optimizer-role: ${env:ROLE}
                """).iceberg();

        assertThat(defaults.mode()).isEqualTo(IcebergMode.APPEND);
        assertThat(defaults.warehouseOf("lake")).isEqualTo("s3://lake/iceberg");
        assertThat(defaults.snapshotRetention()).isEqualTo(Duration.ofHours(6));
        assertThat(defaults.orphanAge()).isEqualTo(Duration.ofDays(3));
        assertThat(defaults.glueOptimizers()).isEmpty();
        assertThat(set.mode()).isEqualTo(IcebergMode.UPSERT);
        assertThat(set.keyFields()).containsExactly("address_id");
        assertThat(set.warehouseOf("lake")).isEqualTo("s3://warehouse/tables");
        assertThat(set.snapshotRetention()).isEqualTo(Duration.ofHours(2));
        assertThat(set.glueOptimizers()).containsExactly("compaction", "orphan_file_deletion");
        assertThat(set.optimizerRole()).isEqualTo(Optional.of("arn:aws:iam::123456789012:role/optimizer"));
    }

    @Test
    void shouldRefuseWhatCannotWorkNamingTheSettingAndWhatToDo() {
        assertThatThrownBy(() -> sink("parquet", "mode: upsert"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sinks[0].iceberg.mode")
                .hasMessageContaining("set the sink's format to iceberg");
        assertThatThrownBy(() -> sink("iceberg", "glue-optimizers: [compaction]"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sinks[0].iceberg.glue-optimizers")
                .hasMessageContaining("optimizer-role");
        assertThatThrownBy(() -> sink("iceberg", "glue-optimizers: [vacuum]\noptimizer-role: ${env:ROLE}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("vacuum")
                .hasMessageContaining("compaction, retention, orphan_file_deletion");
        assertThatThrownBy(() -> sink("iceberg", "optimizer-role: optimizer"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("be an IAM role ARN");
        assertThat(sink("iceberg", "glue-optimizers: [compaction]\noptimizer-role: ${env:UNSET:-}")
                        .iceberg()
                        .glueOptimizers())
                .as("an empty role: none requested")
                .isEmpty();
        assertThatThrownBy(() -> sink("iceberg", "snapshot-retention: 10s"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("snapshot-retention");
        assertThatThrownBy(() -> sink("iceberg", "orphan-age: 10m"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("orphan-age");
    }
}
