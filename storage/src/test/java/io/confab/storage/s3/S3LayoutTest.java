package io.confab.storage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.confab.storage.warehouse.WarehouseTable;
import java.time.LocalDate;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class S3LayoutTest {

    @Test
    void defaultBucketIsConfab() {
        assertEquals("confab", S3Layout.DEFAULT_BUCKET);
    }

    @Test
    void recordingFilesLiveUnderAccountMeetingAndRecording() {
        assertEquals("recordings/acct-7f3a/8472910365/rec-1/recording.mp4",
                S3Layout.recording("acct-7f3a", "8472910365", "rec-1", "recording.mp4"));
        assertEquals("recordings/acct-7f3a/8472910365/rec-1/",
                S3Layout.recordingPrefix("acct-7f3a", "8472910365", "rec-1"));
    }

    @Test
    void warehouseFilesArePartitionedByDate() {
        assertEquals("warehouse/participant_sessions/date=2025-03-09/part-00000.parquet",
                S3Layout.warehouseFile(WarehouseTable.PARTICIPANT_SESSIONS, LocalDate.of(2025, 3, 9), "part-00000"));
        assertEquals("warehouse/usage/", S3Layout.warehouseTablePrefix(WarehouseTable.USAGE));
        assertEquals("warehouse/usage/date=2025-12-31/",
                S3Layout.warehousePartitionPrefix(WarehouseTable.USAGE, LocalDate.of(2025, 12, 31)));
    }

    @Test
    void warehouseFileNameIsGivenWithoutItsExtension() {
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                () -> S3Layout.warehouseFile(WarehouseTable.USAGE, LocalDate.of(2025, 1, 1), "part-0.parquet"));

        assertEquals("warehouse file name must be given without .parquet: \"part-0.parquet\"", thrown.getMessage());
    }

    @Test
    void billingReportsLiveUnderTheirMonth() {
        assertEquals("billing/2025-03/acct-7f3a.csv", S3Layout.billingFile(YearMonth.of(2025, 3), "acct-7f3a.csv"));
        assertEquals("billing/2025-11/", S3Layout.billingPrefix(YearMonth.of(2025, 11)));
    }

    @Test
    void idWithASlashCannotEscapeIntoAnotherPrefix() {
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                () -> S3Layout.recording("acct-1/../acct-2", "m", "r", "f.mp4"));

        assertEquals("account id must not contain '..' or be '.': \"acct-1/../acct-2\"", thrown.getMessage());
        thrown = assertThrows(IllegalArgumentException.class, () -> S3Layout.recording("acct-1", "m/x", "r", "f.mp4"));
        assertEquals("meeting id must not contain '/': \"m/x\"", thrown.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", ".", "..", "a..b", "back\\slash", "tab\there", " padded"})
    void refusesIdsThatAreNotOneSafeKeySegment(String id) {
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                () -> S3Layout.recording("acct", "meeting", id, "f.mp4"));

        assertEquals("recording id", thrown.getMessage().substring(0, "recording id".length()), thrown.getMessage());
    }

    @Test
    void missingIdIsNamed() {
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                () -> S3Layout.recording("acct", null, "r", "f.mp4"));

        assertEquals("meeting id is missing", thrown.getMessage());
    }

    @Test
    void refusesKeysOverS3sLimit() {
        String longName = "x".repeat(1_000);

        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                () -> S3Layout.recording("acct", "meeting", "rec", longName));

        assertEquals("S3 key is 1028", thrown.getMessage().substring(0, "S3 key is 1028".length()), thrown.getMessage());
    }
}
