package dev.tributary.catalog.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;

class ParquetColumnsTest {

    @Test
    void shouldMapEachParquetTypeToTheHiveTypeAthenaReadsItAs() {
        List<Column> columns = columnsOf("""
                message row {
                  required int32 small (INTEGER(16, true));
                  required int32 id;
                  optional int64 big;
                  optional int32 tiny (INTEGER(8, true));
                  optional binary name (STRING);
                  optional binary state (ENUM);
                  optional fixed_len_byte_array(16) uid (UUID);
                  optional binary blob;
                  optional int32 day (DATE);
                  optional int64 at (TIMESTAMP(MICROS, true));
                  optional int64 local_at (TIMESTAMP(MILLIS, false));
                  optional int96 legacy_at;
                  optional fixed_len_byte_array(5) amount (DECIMAL(10, 2));
                  optional float ratio;
                  optional double score;
                  optional boolean active;
                }
                """).columns();

        assertThat(columns)
                .containsExactly(
                        new Column("small", "smallint"),
                        new Column("id", "int"),
                        new Column("big", "bigint"),
                        new Column("tiny", "tinyint"),
                        new Column("name", "string"),
                        new Column("state", "string"),
                        new Column("uid", "binary"),
                        new Column("blob", "binary"),
                        new Column("day", "date"),
                        new Column("at", "timestamp"),
                        new Column("local_at", "timestamp"),
                        new Column("legacy_at", "timestamp"),
                        new Column("amount", "decimal(10,2)"),
                        new Column("ratio", "float"),
                        new Column("score", "double"),
                        new Column("active", "boolean"));
    }

    @Test
    void shouldReadListsMapsAndStructsNestedInEachOther() {
        List<Column> columns = columnsOf("""
                message row {
                  optional group tags (LIST) {
                    repeated group list {
                      optional binary element (STRING);
                    }
                  }
                  optional group legacy (LIST) {
                    repeated int32 array;
                  }
                  optional group attributes (MAP) {
                    repeated group key_value {
                      required binary key (STRING);
                      optional group value (LIST) {
                        repeated group list {
                          optional int64 element;
                        }
                      }
                    }
                  }
                  optional group address {
                    optional binary Street (STRING);
                    optional group geo {
                      optional double lat;
                      optional double lon;
                    }
                  }
                }
                """).columns();

        assertThat(columns)
                .containsExactly(
                        new Column("tags", "array<string>"),
                        new Column("legacy", "array<int>"),
                        new Column("attributes", "map<string,array<bigint>>"),
                        new Column("address", "struct<street:string,geo:struct<lat:double,lon:double>>"));
    }

    @Test
    void shouldReadTimeInMicrosecondsAsBigintMicrosecondsSinceMidnight() {
        ObjectColumns columns = columnsOf("""
                message row {
                  optional int64 opens_at (TIME(MICROS, false));
                  optional int64 closes_at (TIME(NANOS, true));
                }
                """);

        assertThat(columns.columns())
                .containsExactly(new Column("opens_at", "bigint"), new Column("closes_at", "bigint"));
        assertThat(columns.leftOut()).isEmpty();
    }

    @Test
    void shouldLeaveOutWithTheReasonWhatAthenaReadsAsNoHiveType() {
        ObjectColumns columns = columnsOf("""
                message row {
                  required int32 id;
                  optional int32 opens_at (TIME(MILLIS, true));
                  optional fixed_len_byte_array(18) huge (DECIMAL(40, 2));
                  optional fixed_len_byte_array(16) largest (DECIMAL(38, 0));
                  optional group shop {
                    optional int32 closes_at (TIME(MILLIS, true));
                  }
                }
                """);

        assertThat(columns.columns()).containsExactly(new Column("id", "int"), new Column("largest", "decimal(38,0)"));
        assertThat(columns.leftOut())
                .containsExactly(
                        "column opens_at is Parquet TIME(MILLIS) stored as INT32, which Athena reads as no Hive type (an"
                                + " INT64 TIME(MICROS) would read as bigint); it is left out of the table",
                        "column huge is Parquet DECIMAL(40,2) while Athena's decimals hold at most 38 digits; it is left out"
                                + " of the table",
                        "column shop is a struct whose field closes_at is Parquet TIME(MILLIS) stored as INT32, which Athena"
                                + " reads as no Hive type (an INT64 TIME(MICROS) would read as bigint); it is left out of"
                                + " the table");
    }

    /** The columns of a Parquet schema, written in Parquet's message syntax. */
    private static ObjectColumns columnsOf(String message) {
        return ParquetColumns.of(MessageTypeParser.parseMessageType(message));
    }
}
