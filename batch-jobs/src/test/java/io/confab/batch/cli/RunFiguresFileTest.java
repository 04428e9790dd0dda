package io.confab.batch.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunFiguresFileTest {

    private static final Instant STARTED = Instant.parse("2026-12-05T00:10:00Z");
    private static final Instant ENDED = Instant.parse("2026-12-05T00:10:15.400Z");

    @Test
    void aSuccessfulRunIsWrittenAsGaugesWithHelpAndTheJobLabel(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("metrics/warehouse-export.prom");
        new RunFiguresFile(file).write(RunFigures.succeeded("warehouse_export", STARTED, ENDED, 40_020, 39_000, 3));
        String text = Files.readString(file);
        assertEquals("""
                # HELP confab_batch_last_run_success 1 when the job's last run did its work, 0 when it failed
                # TYPE confab_batch_last_run_success gauge
                confab_batch_last_run_success{job="warehouse_export"} 1
                # HELP confab_batch_last_run_timestamp_seconds when the job's last run ended (Unix time)
                # TYPE confab_batch_last_run_timestamp_seconds gauge
                confab_batch_last_run_timestamp_seconds{job="warehouse_export"} 1796429415.400
                # HELP confab_batch_last_run_duration_seconds how long the job's last run took
                # TYPE confab_batch_last_run_duration_seconds gauge
                confab_batch_last_run_duration_seconds{job="warehouse_export"} 15.400
                # HELP confab_batch_last_success_timestamp_seconds when the job last ended with success (Unix time)
                # TYPE confab_batch_last_success_timestamp_seconds gauge
                confab_batch_last_success_timestamp_seconds{job="warehouse_export"} 1796429415.400
                # HELP confab_batch_last_run_records_read Kafka records the job's last successful run read
                # TYPE confab_batch_last_run_records_read gauge
                confab_batch_last_run_records_read{job="warehouse_export"} 40020
                # HELP confab_batch_last_run_rows_written what the job's last successful run wrote: Parquet rows (warehouse_export), invoices (billing_run)
                # TYPE confab_batch_last_run_rows_written gauge
                confab_batch_last_run_rows_written{job="warehouse_export"} 39000
                # HELP confab_batch_last_run_dead_letters input records the job's last successful run refused (written with their reasons beside its output)
                # TYPE confab_batch_last_run_dead_letters gauge
                confab_batch_last_run_dead_letters{job="warehouse_export"} 3
                """, text);
        try (var left = Files.list(file.getParent())) {
            assertEquals(1, left.count(), "no partial file left beside it");
        }
    }

    @Test
    void aFailedRunKeepsTheLastSuccessTimeAndDropsTheUnknownFigures(@TempDir Path dir) throws Exception {
        RunFiguresFile file = new RunFiguresFile(dir.resolve("billing-run.prom"));
        file.write(RunFigures.succeeded("billing_run", STARTED, ENDED, 10, 2, 0));
        file.write(RunFigures.failed("billing_run", Instant.parse("2026-12-06T00:00:00Z"), Instant.parse("2026-12-06T00:00:02Z")));
        String text = Files.readString(file.path());
        assertTrue(text.contains("confab_batch_last_run_success{job=\"billing_run\"} 0\n"), text);
        assertTrue(text.contains("confab_batch_last_run_timestamp_seconds{job=\"billing_run\"} 1796515202\n"), text);
        assertTrue(text.contains("confab_batch_last_success_timestamp_seconds{job=\"billing_run\"} 1796429415.400\n"),
                "the earlier success is kept: " + text);
        assertFalse(text.contains("records_read") || text.contains("rows_written") || text.contains("dead_letters"), text);
    }

    @Test
    void aJobThatNeverSucceededHasNoLastSuccessTime(@TempDir Path dir) throws Exception {
        RunFiguresFile file = new RunFiguresFile(dir.resolve("billing-run.prom"));
        file.write(RunFigures.failed("billing_run", STARTED, ENDED));
        assertFalse(Files.readString(file.path()).contains("last_success"), Files.readString(file.path()));
    }

    @Test
    void theOptionRecordsAFailureAndRethrowsIt(@TempDir Path dir) throws Exception {
        RunFiguresOption option = new RunFiguresOption();
        option.file = dir.resolve("warehouse-export.prom");
        IllegalStateException boom = new IllegalStateException("S3 refused the write");
        assertSame(boom, assertThrows(IllegalStateException.class, () -> option.recording("warehouse_export", () -> {
            throw boom;
        }, (result, started, finished) -> RunFigures.succeeded("warehouse_export", started, finished, 0, 0, 0))));
        assertTrue(Files.readString(option.file).contains("confab_batch_last_run_success{job=\"warehouse_export\"} 0\n"));
        assertEquals("done", option.recording("warehouse_export", () -> "done",
                (result, started, finished) -> RunFigures.succeeded("warehouse_export", started, finished, 5, 4, 1)));
        assertTrue(Files.readString(option.file).contains("confab_batch_last_run_rows_written{job=\"warehouse_export\"} 4\n"));
    }

    @Test
    void aJobNameThatIsNoLabelValueIsRefused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> RunFigures.failed("warehouse export\"}", STARTED, ENDED));
        assertTrue(refused.getMessage().contains("job must be"), refused.getMessage());
    }
}
