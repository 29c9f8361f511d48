package dev.tributary.poller.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.pipeline.SourceConfig.CaptureMode;
import dev.tributary.poller.capture.CaptureQueries.Bounds;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CaptureQueriesTest {

    private static final CaptureSpec BY_TIME_AND_ID = new CaptureSpec(
            "\"public\".\"address\"",
            CaptureMode.TIMESTAMP,
            Optional.of(OrderColumn.column("last_update", "timestamptz")),
            List.of(OrderColumn.column("address_id", "int4")),
            List.of(),
            100,
            Optional.empty());

    @Test
    void shouldResumeStrictlyAfterTheLastRowBelowTheUpperBound() {
        Statement statement = CaptureQueries.nextBatch(
                BY_TIME_AND_ID,
                Optional.of(
                        new Watermark(List.of("last_update", "address_id"), List.of("2026-01-01 00:00:00+00", "7"))),
                new Bounds(Optional.empty(), Optional.of("2026-01-02 00:00:00+00")));

        assertThat(statement.sql())
                .isEqualTo("SELECT * FROM \"public\".\"address\""
                        + " WHERE \"last_update\" < ?::timestamptz AND \"last_update\" >= ?::timestamptz"
                        + " AND (\"last_update\", \"address_id\") > (?::timestamptz, ?::int4)"
                        + " ORDER BY \"last_update\", \"address_id\" LIMIT 100");
        assertThat(statement.parameters())
                .containsExactly("2026-01-02 00:00:00+00", "2026-01-01 00:00:00+00", "2026-01-01 00:00:00+00", "7");
    }

    @Test
    void shouldStartAtTheLowerBoundWithoutAMark() {
        Statement statement = CaptureQueries.nextBatch(
                BY_TIME_AND_ID, Optional.empty(), new Bounds(Optional.of("2026-01-01 00:00:00+00"), Optional.empty()));

        assertThat(statement.sql())
                .endsWith("WHERE \"last_update\" >= ?::timestamptz ORDER BY \"last_update\","
                        + " \"address_id\" LIMIT 100");
    }

    @Test
    void shouldResumeAfterAChangeTimeWhenTheMarkHoldsOnlyATime() {
        Statement statement = CaptureQueries.nextBatch(
                BY_TIME_AND_ID,
                Optional.of(new Watermark(List.of("last_update"), List.of("2026-01-01 00:00:00+00"))),
                Bounds.none());

        assertThat(statement.sql()).contains("WHERE \"last_update\" > ?::timestamptz ORDER BY");
    }

    @Test
    void shouldTakeWholeChangeTimesWhenRowsCannotBeToldApart() {
        CaptureSpec spec = new CaptureSpec(
                "(SELECT 1) AS \"q\"",
                CaptureMode.TIMESTAMP,
                Optional.of(new OrderColumn("__t", "GREATEST(\"a\", \"b\")", "timestamp")),
                List.of(),
                List.of("GREATEST(\"a\", \"b\") AS \"__t\""),
                50,
                Optional.of("FOR SHARE"));

        Statement boundary = CaptureQueries.batchBoundary(spec, Optional.empty(), Bounds.none());
        Statement batch = CaptureQueries.wholeChangeTimes(
                spec, Optional.empty(), Bounds.none(), Optional.of("2026-01-01 00:00:00"));

        assertThat(spec.canSplitTies()).isFalse();
        assertThat(boundary.sql())
                .isEqualTo("SELECT GREATEST(\"a\", \"b\") FROM (SELECT 1) AS \"q\""
                        + " ORDER BY GREATEST(\"a\", \"b\") OFFSET 49 LIMIT 1");
        assertThat(batch.sql())
                .isEqualTo("SELECT *, GREATEST(\"a\", \"b\") AS \"__t\" FROM (SELECT 1) AS \"q\""
                        + " WHERE GREATEST(\"a\", \"b\") <= ?::timestamp ORDER BY GREATEST(\"a\", \"b\") FOR SHARE");
    }

    @Test
    void shouldQuoteIdentifiersWhateverTheyContain() {
        assertThat(Sql.identifier("we\"ird; DROP TABLE x")).isEqualTo("\"we\"\"ird; DROP TABLE x\"");
        assertThat(Sql.qualified("my schema", "Tab\"le")).isEqualTo("\"my schema\".\"Tab\"\"le\"");
    }
}
