package io.confab.dataapi.query;

import io.confab.storage.warehouse.WarehouseTable;
import java.util.List;
import java.util.Optional;

/**
 * A view a query may name, over one warehouse table's Parquet files. {@code usage_daily} is an
 * aggregate (one row per account, day and metric) because usage rows are per metering window and
 * the question is nearly always per day. Every view reads what batch-jobs' warehouse export writes:
 * {@code warehouse/{table}/date=YYYY-MM-DD/part-NNNNN.parquet}, the {@code {table}/*}{@code /*.parquet}
 * glob with Hive partitioning.
 *
 * @param name   the SQL name
 * @param table  the warehouse table whose files it reads; empty when nothing exports it yet
 * @param select how the view is built from {@code files} (the table's rows, already confined to the account)
 */
public record WarehouseView(String name, Optional<WarehouseTable> table, String select) {

    public static final List<WarehouseView> ALL = List.of(
            over("meetings", WarehouseTable.MEETINGS, "SELECT * FROM files"),
            over("participant_sessions", WarehouseTable.PARTICIPANT_SESSIONS, "SELECT * FROM files"),
            over("media_quality", WarehouseTable.MEDIA_QUALITY, "SELECT * FROM files"),
            over("meeting_events", WarehouseTable.MEETING_EVENTS, "SELECT * FROM files"),
            over("usage_daily", WarehouseTable.USAGE,
                    "SELECT account_id, date, metric, sum(quantity) AS quantity, count(*) AS records FROM files GROUP BY ALL"),
            over("recordings", WarehouseTable.RECORDINGS, "SELECT * FROM files"),
            over("transcripts", WarehouseTable.TRANSCRIPTS, "SELECT * FROM files"));

    private static WarehouseView over(String name, WarehouseTable table, String select) {
        return new WarehouseView(name, Optional.of(table), select);
    }
}
