package io.confab.storage.warehouse;

import io.confab.storage.warehouse.rows.MediaQualityRow;
import io.confab.storage.warehouse.rows.MeetingEventRow;
import io.confab.storage.warehouse.rows.MeetingRow;
import io.confab.storage.warehouse.rows.ParticipantSessionRow;
import io.confab.storage.warehouse.rows.RecordingRow;
import io.confab.storage.warehouse.rows.TranscriptRow;
import io.confab.storage.warehouse.rows.UsageRow;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * The Parquet tables of the warehouse, each with its row schema (generated from
 * {@code src/main/avro/warehouse}) and how it is partitioned.
 *
 * <p>Every table is partitioned Hive-style by one {@code date} directory per UTC day
 * ({@code warehouse/{table}/date=YYYY-MM-DD/}, see S3Layout), taken from one timestamp of the row.
 * The date is a directory, not a column in the files: DuckDB's {@code hive_partitioning} adds it
 * back as a column and prunes directories by it, and a value kept in two places could disagree.
 * UTC, because billing and analytics across time zones need one calendar.
 */
public enum WarehouseTable {

    MEETINGS("meetings", MeetingRow.class, "started_at"),
    PARTICIPANT_SESSIONS("participant_sessions", ParticipantSessionRow.class, "joined_at"),
    MEDIA_QUALITY("media_quality", MediaQualityRow.class, "interval_start"),
    USAGE("usage", UsageRow.class, "window_start"),
    MEETING_EVENTS("meeting_events", MeetingEventRow.class, "occurred_at"),
    RECORDINGS("recordings", RecordingRow.class, "created_at"),
    TRANSCRIPTS("transcripts", TranscriptRow.class, "spoken_at");

    /** The partition directory's column name, the same for every table. */
    public static final String PARTITION_COLUMN = "date";

    private final String tableName;
    private final Class<? extends SpecificRecord> rowClass;
    private final String partitionSourceField;

    WarehouseTable(String tableName, Class<? extends SpecificRecord> rowClass, String partitionSourceField) {
        this.tableName = tableName;
        this.rowClass = rowClass;
        this.partitionSourceField = partitionSourceField;
    }

    /** SQL name of the table and its folder under {@code warehouse/}. */
    public String tableName() {
        return tableName;
    }

    public Class<? extends SpecificRecord> rowClass() {
        return rowClass;
    }

    public Schema schema() {
        return SpecificData.get().getSchema(rowClass);
    }

    public String partitionColumn() {
        return PARTITION_COLUMN;
    }

    /** The timestamp field of a row whose UTC date is the row's partition. */
    public String partitionSourceField() {
        return partitionSourceField;
    }

    /** The partition a row belongs in. */
    public LocalDate partitionOf(SpecificRecord row) {
        if (!rowClass.isInstance(row)) {
            throw new IllegalArgumentException(tableName + " holds " + rowClass.getSimpleName() + " rows, not "
                    + row.getClass().getSimpleName());
        }
        Instant at = (Instant) row.get(row.getSchema().getField(partitionSourceField).pos());
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }

    public static Optional<WarehouseTable> byTableName(String tableName) {
        return Arrays.stream(values()).filter(table -> table.tableName.equals(tableName)).findFirst();
    }
}
