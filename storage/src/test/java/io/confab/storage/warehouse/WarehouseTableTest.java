package io.confab.storage.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class WarehouseTableTest {

    @Test
    void tablesAreTheOnesAnalystsQuery() {
        assertEquals(List.of("meetings", "participant_sessions", "media_quality", "usage", "meeting_events", "recordings", "transcripts"),
                Arrays.stream(WarehouseTable.values()).map(WarehouseTable::tableName).toList());
    }

    @Test
    void everyTablePartitionsByTheDateOfARequiredTimestamp() {
        for (WarehouseTable table : WarehouseTable.values()) {
            Schema.Field source = table.schema().getField(table.partitionSourceField());
            assertEquals("date", table.partitionColumn());
            assertEquals(Schema.Type.LONG, source.schema().getType(), table + " partitions by a required timestamp");
            assertEquals(LogicalTypes.timestampMillis(), source.schema().getLogicalType(), table.toString());
            assertEquals(null, table.schema().getField("date"), table + " keeps the date in the directory only");
        }
    }

    @Test
    void rowsSchemasLiveInTheirOwnNamespace() {
        for (WarehouseTable table : WarehouseTable.values()) {
            assertEquals("io.confab.storage.warehouse.rows", table.schema().getNamespace());
        }
    }

    @Test
    void columnNamesAreSnakeCaseForSql() {
        for (WarehouseTable table : WarehouseTable.values()) {
            for (Schema.Field field : table.schema().getFields()) {
                assertTrue(field.name().matches("[a-z][a-z0-9_]*"), table + "." + field.name());
            }
        }
    }

    @Test
    void rowGoesIntoTheUtcDateOfItsPartitionField() {
        var row = WarehouseRows.usage(Instant.parse("2025-03-30T23:59:59.999Z"));

        assertEquals(LocalDate.of(2025, 3, 30), WarehouseTable.USAGE.partitionOf(row));
    }

    @Test
    void refusesARowOfAnotherTable() {
        var row = WarehouseRows.usage(Instant.parse("2025-03-30T00:00:00Z"));

        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> WarehouseTable.MEETINGS.partitionOf(row));
        assertEquals("meetings holds MeetingRow rows, not UsageRow", thrown.getMessage());
    }

    @Test
    void findsATableByItsSqlName() {
        assertEquals(WarehouseTable.MEDIA_QUALITY, WarehouseTable.byTableName("media_quality").orElseThrow());
        assertTrue(WarehouseTable.byTableName("nope").isEmpty());
    }
}
