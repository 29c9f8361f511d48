package dev.tributary.catalog.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;

class ParquetColumnsTest {

    @Test
    void shouldMapEachParquetTypeToTheHiveTypeAthenaReadsItAs() {
        List<Column> columns = ParquetColumns.of(MessageTypeParser.parseMessageType("""
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
                """));

        assertThat(columns).containsExactly(
                new Column("small", "smallint"), new Column("id", "int"), new Column("big", "bigint"),
                new Column("tiny", "tinyint"), new Column("name", "string"), new Column("state", "string"),
                new Column("uid", "string"), new Column("blob", "binary"), new Column("day", "date"),
                new Column("at", "timestamp"), new Column("local_at", "timestamp"),
                new Column("legacy_at", "timestamp"), new Column("amount", "decimal(10,2)"),
                new Column("ratio", "float"), new Column("score", "double"), new Column("active", "boolean"));
    }

    @Test
    void shouldReadListsMapsAndStructsNestedInEachOther() {
        List<Column> columns = ParquetColumns.of(MessageTypeParser.parseMessageType("""
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
                """));

        assertThat(columns).containsExactly(
                new Column("tags", "array<string>"),
                new Column("legacy", "array<int>"),
                new Column("attributes", "map<string,array<bigint>>"),
                new Column("address", "struct<street:string,geo:struct<lat:double,lon:double>>"));
    }
}
