package dev.tributary.catalog.glue;

import static dev.tributary.catalog.glue.ColumnEvolution.Reading.JSON_DECLARED;
import static dev.tributary.catalog.glue.ColumnEvolution.Reading.JSON_INFERRED;
import static dev.tributary.catalog.glue.ColumnEvolution.Reading.JSON_RETYPING;
import static dev.tributary.catalog.glue.ColumnEvolution.Reading.PARQUET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.catalog.schema.Column;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ColumnEvolutionTest {

    private static final List<Column> TABLE =
            List.of(new Column("id", "int"), new Column("name", "string"), new Column("geo", "struct<lat:double>"));

    @Test
    void shouldAppendNewColumnsAtTheEndWithoutDroppingOrReordering() {
        ColumnEvolution.Evolution evolution = ColumnEvolution.evolve(
                TABLE,
                List.of(new Column("phone", "string"), new Column("name", "string"), new Column("id", "int")),
                Set.of(),
                PARQUET);

        assertThat(evolution.columns()).extracting(Column::name).containsExactly("id", "name", "geo", "phone");
        assertThat(evolution.added()).containsExactly("phone");
        assertThat(evolution.changed()).isTrue();
    }

    @Test
    void shouldWidenWhereAthenaStillReadsTheOlderObjects() {
        ColumnEvolution.Evolution evolution = ColumnEvolution.evolve(
                TABLE,
                List.of(new Column("id", "bigint"), new Column("geo", "struct<lat:double,lon:double>")),
                Set.of(),
                PARQUET);

        assertThat(evolution.columns())
                .containsExactly(
                        new Column("id", "bigint"),
                        new Column("name", "string"),
                        new Column("geo", "struct<lat:double,lon:double>"));
        assertThat(evolution.widened())
                .containsExactly("id int -> bigint", "geo struct<lat:double> -> struct<lat:double,lon:double>");
        assertThat(evolution.conflicts()).isEmpty();
    }

    @Test
    void shouldTakeFieldsAppendedToANestedStructOrToTheStructsOfAnArrayAsAnExtension() {
        List<Column> table = List.of(
                new Column("shop", "struct<id:int,geo:struct<lat:double>>"),
                new Column("lines", "array<struct<sku:string>>"),
                new Column("tags", "map<string,struct<v:int>>"));

        ColumnEvolution.Evolution evolution = ColumnEvolution.evolve(
                table,
                List.of(
                        new Column("shop", "struct<id:int,geo:struct<lat:double,lon:double>>"),
                        new Column("lines", "array<struct<sku:string,qty:bigint>>"),
                        new Column("tags", "map<string,struct<v:bigint,w:string>>")),
                Set.of(),
                PARQUET);
        ColumnEvolution.Evolution replayed = ColumnEvolution.evolve(evolution.columns(), table, Set.of(), PARQUET);

        assertThat(evolution.conflicts()).isEmpty();
        assertThat(evolution.columns())
                .containsExactly(
                        new Column("shop", "struct<id:int,geo:struct<lat:double,lon:double>>"),
                        new Column("lines", "array<struct<sku:string,qty:bigint>>"),
                        new Column("tags", "map<string,struct<v:bigint,w:string>>"));
        assertThat(evolution.widened()).hasSize(3);
        assertThat(replayed.changed()).isFalse();
        assertThat(replayed.conflicts()).isEmpty();
    }

    @Test
    void shouldReportANestedFieldInsertedOrRetypedAsAConflict() {
        List<Column> table = List.of(new Column("shop", "struct<id:int,geo:struct<lat:double>>"));

        ColumnEvolution.Evolution inserted = ColumnEvolution.evolve(
                table,
                List.of(new Column("shop", "struct<id:int,name:string,geo:struct<lat:double>>")),
                Set.of(),
                PARQUET);
        ColumnEvolution.Evolution retyped = ColumnEvolution.evolve(
                table, List.of(new Column("shop", "struct<id:string,geo:struct<lat:double>>")), Set.of(), PARQUET);

        assertThat(inserted.conflicts())
                .singleElement()
                .asString()
                .startsWith("column shop is struct<id:int,"
                        + "geo:struct<lat:double>> in the table but struct<id:int,name:string,geo:struct<lat:double>>");
        assertThat(retyped.conflicts()).hasSize(1);
        assertThat(inserted.columns()).isEqualTo(table);
    }

    @Test
    void shouldWidenADecimalToMoreDigitsOfTheSameScaleAndReportAChangeOfScale() {
        List<Column> table = List.of(new Column("amount", "decimal(10,2)"), new Column("rate", "decimal(10,2)"));

        ColumnEvolution.Evolution evolution = ColumnEvolution.evolve(
                table,
                List.of(new Column("amount", "decimal(20,2)"), new Column("rate", "decimal(12,4)")),
                Set.of(),
                PARQUET);

        assertThat(evolution.columns())
                .containsExactly(new Column("amount", "decimal(20,2)"), new Column("rate", "decimal(10,2)"));
        assertThat(evolution.widened()).containsExactly("amount decimal(10,2) -> decimal(20,2)");
        assertThat(evolution.conflicts())
                .singleElement()
                .asString()
                .startsWith("column rate is decimal(10,2) in the table but decimal(12,4) in the object");
    }

    @Test
    void shouldChangeNothingForAnOlderNarrowerObjectReplayed() {
        List<Column> wide = List.of(new Column("id", "bigint"), new Column("geo", "struct<lat:double,lon:double>"));

        ColumnEvolution.Evolution evolution = ColumnEvolution.evolve(
                wide, List.of(new Column("id", "int"), new Column("geo", "struct<lat:double>")), Set.of(), PARQUET);

        assertThat(evolution.changed()).isFalse();
        assertThat(evolution.conflicts()).isEmpty();
        assertThat(evolution.columns()).isEqualTo(wide);
    }

    @Test
    void shouldReportATypeChangeAthenaCannotReadAndKeepTheTableType() {
        ColumnEvolution.Evolution evolution =
                ColumnEvolution.evolve(TABLE, List.of(new Column("name", "int")), Set.of(), PARQUET);

        assertThat(evolution.changed()).isFalse();
        assertThat(evolution.columns()).isEqualTo(TABLE);
        assertThat(evolution.conflicts())
                .singleElement()
                .asString()
                .contains("column name is string in the table but int in the object");
    }

    @Test
    void shouldLetAJsonTableReadAnyValueAsAStringAndIntegersAsDoubles() {
        List<Column> json = List.of(new Column("code", "bigint"), new Column("note", "string"));

        ColumnEvolution.Evolution evolution = ColumnEvolution.evolve(
                json, List.of(new Column("code", "double"), new Column("note", "bigint")), Set.of(), JSON_DECLARED);

        assertThat(evolution.conflicts()).isEmpty();
        assertThat(evolution.columns()).containsExactly(new Column("code", "double"), new Column("note", "string"));
    }

    @Test
    void shouldRetypeAJsonColumnRegisteredFromTextToTheTypeItsWriterDeclares() {
        List<Column> inferred = List.of(
                new Column("id", "bigint"),
                new Column("last_update", "string"),
                new Column("amount", "double"),
                new Column("note", "string"),
                new Column("ts", "string"));

        ColumnEvolution.Evolution evolution = ColumnEvolution.evolve(
                inferred,
                List.of(
                        new Column("id", "int"),
                        new Column("last_update", "timestamp"),
                        new Column("amount", "decimal(5,2)"),
                        new Column("note", "string"),
                        new Column("ts", "timestamp")),
                Set.of(),
                JSON_RETYPING);

        assertThat(evolution.columns())
                .containsExactly(
                        new Column("id", "int"),
                        new Column("last_update", "timestamp"),
                        new Column("amount", "decimal(5,2)"),
                        new Column("note", "string"),
                        new Column("ts", "timestamp"));
        assertThat(evolution.widened())
                .contains("id bigint -> int (declared)", "last_update string -> timestamp (declared)");
        assertThat(evolution.conflicts()).isEmpty();
    }

    @Test
    void shouldKeepDeclaredTypesWhenAnOlderObjectsTypesInferredFromTextArrive() {
        List<Column> declared = List.of(
                new Column("id", "int"), new Column("last_update", "timestamp"), new Column("tags", "array<date>"));
        List<Column> old = List.of(
                new Column("id", "bigint"), new Column("last_update", "string"), new Column("tags", "array<string>"));

        ColumnEvolution.Evolution replayed = ColumnEvolution.evolve(declared, old, Set.of(), JSON_INFERRED);

        assertThat(replayed.changed()).isFalse();
        assertThat(replayed.conflicts()).isEmpty();
        assertThat(replayed.columns()).isEqualTo(declared);
    }

    @Test
    void shouldNotRetypeATableWhoseTypesAreDeclaredAlready() {
        // A string column of a declared table holds text: a source column now an int widens nothing and retypes
        // nothing, since the older objects' text would not read as ints.
        List<Column> declared = List.of(new Column("code", "string"));

        ColumnEvolution.Evolution evolution =
                ColumnEvolution.evolve(declared, List.of(new Column("code", "int")), Set.of(), JSON_DECLARED);
        ColumnEvolution.Evolution retyping =
                ColumnEvolution.evolve(declared, List.of(new Column("code", "int")), Set.of(), JSON_RETYPING);

        assertThat(evolution.columns()).isEqualTo(declared);
        assertThat(evolution.changed()).isFalse();
        assertThat(retyping.columns()).containsExactly(new Column("code", "int"));
    }

    @Test
    void shouldTellWhichTypesTextInferenceCanHaveGivenForADeclaredType() {
        assertThat(InferredTypes.couldInfer("string", "timestamp")).isTrue();
        assertThat(InferredTypes.couldInfer("bigint", "smallint")).isTrue();
        assertThat(InferredTypes.couldInfer("double", "decimal(10,2)")).isTrue();
        assertThat(InferredTypes.couldInfer("struct<a:string>", "map<string,int>"))
                .isTrue();
        assertThat(InferredTypes.couldInfer("struct<a:bigint,b:string>", "struct<a:int,b:date>"))
                .isTrue();
        assertThat(InferredTypes.couldInfer("array<bigint>", "array<int>")).isTrue();
        assertThat(InferredTypes.couldInfer("double", "int"))
                .as("a double's text is no int")
                .isFalse();
        assertThat(InferredTypes.couldInfer("bigint", "timestamp")).isFalse();
        assertThat(InferredTypes.couldInfer("struct<c:bigint>", "struct<a:int>"))
                .as("a field it lacks")
                .isFalse();
        assertThat(InferredTypes.couldInfer("boolean", "string")).isFalse();
    }
}
